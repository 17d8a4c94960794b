//! Cognito's request-rate quotas, kept on our side so that `TooManyRequestsException` never
//! reaches the person. The quotas are not adjustable
//! (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html):
//! - each identity-provider operation: 5 requests per second per user pool;
//! - `UserPoolResourceUpdate` (provider creates, updates, deletes): 15 per second per account.
//!
//! A limit is held as "at most N requests in any one-second window" (the strictest reading
//! of a per-second quota), so a run of 40 creates takes under 8 s: the first five go at once,
//! then one each time the oldest of the last five turns a second old.

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub const PER_POOL_PER_OPERATION: usize = 5;
pub const ACCOUNT_RESOURCE_UPDATES: usize = 15;
/// A second, and a tenth kept in hand: requests spaced by exactly a second on our clock can
/// arrive less than a second apart on AWS's, when the earlier one took longer to get there.
pub const WINDOW: Duration = Duration::from_millis(1100);

/// The operations Cognito counts as `UserPoolResourceUpdate`.
fn is_resource_update(operation: &str) -> bool {
    matches!(
        operation,
        "CreateIdentityProvider" | "UpdateIdentityProvider" | "DeleteIdentityProvider"
    )
}

/// Sliding windows of request times, one per limited key.
#[derive(Default)]
pub struct Pacer {
    sent: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Pacer {
    /// The moment `operation` on `pool` may go, reserved for the caller: every window it
    /// counts in then holds fewer than its limit.
    fn reserve(&self, pool: &str, operation: &str) -> Instant {
        let mut keys = vec![(format!("{pool}/{operation}"), PER_POOL_PER_OPERATION)];
        if is_resource_update(operation) {
            keys.push(("account/resource-update".into(), ACCOUNT_RESOURCE_UPDATES));
        }
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let at = keys
            .iter()
            .map(|(key, limit)| {
                let times = sent.entry(key.clone()).or_default();
                while times.front().is_some_and(|t| *t + WINDOW <= now) {
                    times.pop_front();
                }
                // Reservations are in time order, so the one `limit` back decides.
                match times.len().checked_sub(*limit) {
                    Some(i) => times[i] + WINDOW,
                    None => now,
                }
            })
            .max()
            .unwrap_or(now);
        for (key, _) in &keys {
            sent.entry(key.clone()).or_default().push_back(at);
        }
        at
    }

    /// Waits until `operation` on `pool` is within Cognito's quotas, then lets it go.
    pub async fn wait(&self, pool: &str, operation: &str) {
        let at = self.reserve(pool, operation);
        tokio::time::sleep_until(at.into()).await;
    }
}

/// How many times a request throttled all the same (by another program in the account, or
/// another run of this one) is sent again, a whole window apart, after the SDK's own retries.
const THROTTLED_AGAIN: u32 = 4;

/// Sends `send` within the quotas; when AWS throttles it all the same (the account's quota is
/// shared with every other program using it), waits a window and sends it again, so a busy
/// account slows the run down instead of failing it. Only for requests that are safe to
/// repeat: a throttled request was refused before AWS acted on it.
pub async fn call<T, E, R, F, Fut>(
    pool: &str,
    operation: &str,
    mut send: F,
) -> Result<T, SdkError<E, R>>
where
    E: ProvideErrorMetadata,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SdkError<E, R>>>,
{
    let mut again = 0;
    loop {
        shared().wait(pool, operation).await;
        match send().await {
            Err(e) if is_throttled(&e) && again < THROTTLED_AGAIN => {
                again += 1;
                tracing::warn!(operation, again, "throttled by AWS: waiting a window");
                tokio::time::sleep(WINDOW).await;
            }
            other => return other,
        }
    }
}

pub fn is_throttled<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> bool {
    matches!(e, SdkError::ServiceError(s)
        if matches!(s.err().code(), Some("TooManyRequestsException" | "ThrottlingException")))
}

/// The process's one pacer: every request to Cognito from this process counts against the
/// same account quota, whichever face sent it.
pub fn shared() -> &'static Pacer {
    static PACER: OnceLock<Pacer> = OnceLock::new();
    PACER.get_or_init(Pacer::default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_call_in_a_second_waits_for_the_first_to_age() {
        let pacer = Pacer::default();
        let start = Instant::now();
        let times: Vec<Instant> = (0..6)
            .map(|_| pacer.reserve("p", "CreateIdentityProvider"))
            .collect();
        assert!(times[..5].iter().all(|t| *t < start + WINDOW));
        assert!(times[5] >= times[0] + WINDOW);
    }

    #[test]
    fn forty_creates_fit_in_eight_seconds() {
        let pacer = Pacer::default();
        let start = Instant::now();
        let last = (0..40)
            .map(|_| pacer.reserve("p", "CreateIdentityProvider"))
            .last()
            .expect("forty");
        let span = last - start;
        assert!(span >= Duration::from_secs(7), "{span:?}");
        assert!(span < Duration::from_secs(8), "{span:?}");
    }

    #[test]
    fn the_account_limit_binds_across_pools() {
        let pacer = Pacer::default();
        let start = Instant::now();
        let times: Vec<Instant> = (0..16)
            .map(|i| pacer.reserve(&format!("pool-{i}"), "UpdateIdentityProvider"))
            .collect();
        assert!(times[..15].iter().all(|t| *t < start + WINDOW));
        assert!(times[15] >= times[0] + WINDOW);
        // Reads are not resource updates: another pool's describe does not wait.
        assert!(pacer.reserve("pool-x", "DescribeIdentityProvider") < start + WINDOW);
    }
}
