//! From bytes to a `Report`: what the IdP published and whether Cognito would accept it.

use super::cert::{self, CertInfo};
use super::judge;
use super::parse::{self, RawDocument, RawEntity, RawIdp};
use super::sniff;
use crate::finding::{Finding, has_errors, sort_by_severity};
use serde::Serialize;
use time::OffsetDateTime;

pub const HTTP_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
pub const HTTP_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// Short names of the SAML 2.0 bindings, for display; `None` for an unrecognised URI.
pub fn binding_name(uri: &str) -> Option<&'static str> {
    Some(
        match uri.strip_prefix("urn:oasis:names:tc:SAML:2.0:bindings:")? {
            "HTTP-Redirect" => "HTTP-Redirect",
            "HTTP-POST" => "HTTP-POST",
            "HTTP-POST-SimpleSign" => "HTTP-POST-SimpleSign",
            "HTTP-Artifact" => "HTTP-Artifact",
            "SOAP" => "SOAP",
            "PAOS" => "PAOS",
            _ => return None,
        },
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub binding: String,
    pub location: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdvertisedAttribute {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySummary {
    pub entity_id: String,
    pub is_idp: bool,
    pub is_sp: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Cognito would accept this metadata (no error-level finding).
    pub accepted: bool,
    pub entity_id: Option<String>,
    /// Every entity in the document, when there is more than one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<EntitySummary>,
    pub sso: Vec<Endpoint>,
    pub slo: Vec<Endpoint>,
    pub name_id_formats: Vec<String>,
    pub want_authn_requests_signed: Option<String>,
    pub valid_until: Option<String>,
    pub cache_duration: Option<String>,
    pub attributes: Vec<AdvertisedAttribute>,
    pub certificates: Vec<CertInfo>,
    pub findings: Vec<Finding>,
}

/// Findings about the source, not the document: the file or URL could not be read, so no
/// verdict of Cognito's can be given.
const SOURCE_PROBLEMS: [crate::finding::codes::Code; 9] = {
    use crate::finding::codes::*;
    [
        METADATA_FILE_UNREADABLE,
        METADATA_ADDRESS_REFUSED,
        METADATA_TIMEOUT,
        METADATA_REDIRECT_REFUSED,
        METADATA_UNREACHABLE,
        METADATA_FETCH_FAILED,
        METADATA_HTTP_ERROR,
        METADATA_UNREADABLE,
        METADATA_URL_NOT_HTTPS,
    ]
};

impl Report {
    /// The IdP this document comes from, as far as it can be told.
    pub fn idp_kind(&self) -> super::idp_kind::RecognisedIdp {
        super::idp_kind::RecognisedIdp::recognise(
            self.entity_id.as_deref().unwrap_or(""),
            self.sso.iter().map(|e| e.location.as_str()),
        )
    }

    /// The metadata could not be read at all (a missing file, a name that does not resolve,
    /// an HTTP error): not Cognito's verdict, which needs a document to judge.
    pub fn unread(&self) -> bool {
        !self.accepted
            && self
                .findings
                .iter()
                .filter(|f| f.is_error())
                .all(|f| SOURCE_PROBLEMS.contains(&f.code))
    }

    fn refused(finding: Finding) -> Report {
        Report {
            findings: vec![finding],
            ..Report::default()
        }
    }

    fn finish(mut self) -> Report {
        sort_by_severity(&mut self.findings);
        self.accepted = !has_errors(&self.findings);
        self
    }

    /// The signing certificates Cognito could use, for comparisons (e.g. rotation checks).
    pub fn signing_certificates(&self) -> impl Iterator<Item = &CertInfo> {
        self.certificates.iter().filter(|c| c.can_sign())
    }

    pub fn redirect_sso(&self) -> Option<&Endpoint> {
        self.sso.iter().find(|e| e.binding == HTTP_REDIRECT)
    }
}

/// The index of the identity provider to describe.
fn choose(doc: &RawDocument, wanted: Option<&str>) -> Result<usize, Finding> {
    let idps: Vec<&RawEntity> = doc.entities.iter().filter(|e| e.idp.is_some()).collect();
    let index_of = |e: &RawEntity| {
        doc.entities
            .iter()
            .position(|x| std::ptr::eq(x, e))
            .unwrap_or(0)
    };
    if let Some(id) = wanted {
        return idps.iter().copied().find(|e| e.entity_id == id).map(index_of).ok_or_else(|| {
            let list = idps.iter().map(|e| e.entity_id.as_str()).collect::<Vec<_>>().join(", ");
            Finding::error(
                crate::finding::codes::METADATA_ENTITY_NOT_FOUND,
                format!("no identity provider with entityID {id:?} in this document (it has: {list})"),
                "Pass one of the listed entity IDs with --entity-id.",
            )
        });
    }
    match idps.as_slice() {
        [one] => Ok(index_of(one)),
        [] => Err(if let Some(sp) = doc.entities.iter().find(|e| e.has_sp) {
            Finding::error(
                crate::finding::codes::METADATA_SP_ONLY,
                format!(
                    "this is SP metadata (SPSSODescriptor), not an IdP (entityID {})",
                    sp.entity_id
                ),
                "You have the service provider's metadata (possibly Cognito's or Okta's own SP side). Use the identity provider's metadata: Okta app → Sign On tab → Metadata URL.",
            )
        } else if doc.root_is_entities {
            Finding::error(
                crate::finding::codes::METADATA_NO_IDP,
                "EntitiesDescriptor contains no EntityDescriptor with an IDPSSODescriptor",
                "Use the metadata of the identity provider itself (Okta app → Sign On tab → Metadata URL).",
            )
        } else {
            Finding::error(
                crate::finding::codes::METADATA_NO_IDP,
                "no IDPSSODescriptor: this metadata does not describe a SAML identity provider",
                "Use the metadata of the identity provider itself (Okta app → Sign On tab → Metadata URL).",
            )
        }),
        many => Err(Finding::error(
            crate::finding::codes::METADATA_MULTIPLE_IDPS,
            format!(
                "the document describes {} identity providers: {}",
                many.len(),
                many.iter()
                    .map(|e| e.entity_id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "Choose one with --entity-id ID (in the wizard: pick it from the list).",
        )),
    }
}

fn describe(entity: RawEntity, now: OffsetDateTime) -> Report {
    let idp: RawIdp = entity.idp.unwrap_or_default();
    let mut findings = vec![];
    let mut certificates = vec![];
    let mut problems = vec![];
    for (i, key) in idp.keys.iter().enumerate() {
        let decoded = cert::decode(i + 1, key.key_use, &key.text, now);
        findings.extend(decoded.notes);
        if let Some(info) = decoded.info {
            certificates.push(info);
        }
        if let Some(p) = decoded.problem {
            problems.push(p);
        }
    }
    let kind = super::idp_kind::RecognisedIdp::recognise(
        &entity.entity_id,
        idp.sso.iter().map(|e| e.location.as_str()),
    );
    findings.extend(judge::certificates(
        &certificates,
        &problems,
        &idp.misplaced_cert_namespaces,
        kind.rotate_fix(),
    ));
    findings.extend(judge::entity(
        &entity.entity_id,
        entity.valid_until.as_deref(),
        entity.cache_duration.as_deref(),
        &idp,
        now,
    ));
    let endpoints = |list: Vec<parse::RawEndpoint>| {
        list.into_iter()
            .map(|e| Endpoint {
                binding: e.binding,
                location: e.location,
            })
            .collect::<Vec<_>>()
    };
    Report {
        accepted: false,
        entity_id: Some(entity.entity_id),
        entities: vec![],
        sso: endpoints(idp.sso),
        slo: endpoints(idp.slo),
        name_id_formats: idp.name_id_formats,
        want_authn_requests_signed: idp.want_authn_requests_signed,
        valid_until: entity.valid_until,
        cache_duration: entity.cache_duration,
        attributes: idp
            .attributes
            .into_iter()
            .map(|a| AdvertisedAttribute {
                name: a.name,
                friendly_name: a.friendly_name,
            })
            .collect(),
        certificates,
        findings,
    }
}

/// Sniffs, parses, picks the identity provider (`entity_id` when the document holds several)
/// and judges it for Cognito. Never panics, never expands entities, never touches the network.
pub fn inspect(
    bytes: &[u8],
    content_type: Option<&str>,
    entity_id: Option<&str>,
    now: OffsetDateTime,
) -> Report {
    let text = match sniff::xml_text(bytes, content_type) {
        Ok(t) => t,
        Err(f) => return Report::refused(f).finish(),
    };
    let mut doc = match parse::parse(text) {
        Ok(d) => d,
        Err(f) => return Report::refused(f).finish(),
    };
    let summaries: Vec<EntitySummary> = if doc.entities.len() > 1 {
        doc.entities
            .iter()
            .map(|e| EntitySummary {
                entity_id: e.entity_id.clone(),
                is_idp: e.idp.is_some(),
                is_sp: e.has_sp,
            })
            .collect()
    } else {
        vec![]
    };
    let mut report = match choose(&doc, entity_id) {
        Ok(index) => describe(doc.entities.swap_remove(index), now),
        Err(f) => Report::refused(f),
    };
    report.entities = summaries;
    report.finish()
}
