//! A user pool id that knows its region: `us-east-1_AbCdEf123` is pool `AbCdEf123` in
//! `us-east-1`. Every place that needs the region of a pool asks this type, so the rule is
//! written once.

use crate::finding::Finding;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PoolId(String);

impl PoolId {
    /// Checks the id's shape; the finding names `field` and the value.
    pub fn parse(field: &str, value: &str) -> Result<PoolId, Finding> {
        match super::validate::user_pool_id(field, value, "")
            .into_iter()
            .next()
        {
            Some(f) => Err(f),
            None => Ok(PoolId(value.to_string())),
        }
    }

    /// The region an id names, or `None` for text that is not a pool id.
    pub fn region_of(value: &str) -> Option<&str> {
        let (region, rest) = value.split_once('_')?;
        (!region.is_empty() && !rest.is_empty()).then_some(region)
    }

    pub fn region(&self) -> &str {
        Self::region_of(&self.0).expect("a parsed pool id has a region")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
