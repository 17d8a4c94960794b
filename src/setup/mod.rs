//! The setup file: one federation described in TOML. It is the contract between the wizard,
//! the headless commands and support staff, so unknown keys are refused rather than ignored.

pub mod file_text;
pub mod metadata_source;
pub mod observed;
pub mod okta_rules;
pub mod pool_id;
pub mod tenants;
pub mod validate;

use crate::finding::Finding;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const DEFAULT_LOGIN_PORT: u16 = 8976;
/// The variable that marks a process as part of a rehearsal (its value says where things
/// are): a setup file marked `rehearsal = true` is refused without it.
pub const REHEARSAL_ENV: &str = "OKTA_COGNITO_REHEARSAL";
/// A real setup file is under 2 KiB; the cap only stops `--config /dev/zero` eating memory.
pub const MAX_SETUP_BYTES: u64 = 4 * 1024 * 1024;
pub const DEFAULT_PROVIDER_NAME: &str = "Okta";
pub const DEFAULT_CLIENT_NAME: &str = "okta-web";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setup {
    pub region: String,
    pub user_pool_id: String,
    /// Written by `rehearse`: the pool exists only in a rehearsal, so every command refuses
    /// the file outside one (it can never be applied to a real account by mistake).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rehearsal: bool,
    #[serde(default)]
    pub app_client: AppClientSetup,
    #[serde(default)]
    pub domain: DomainSetup,
    #[serde(default)]
    pub provider: ProviderSetup,
    #[serde(default)]
    pub login: LoginSetup,
    /// Present only when the Okta app is managed through the Okta API (`okta-app`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub okta: Option<OktaSetup>,
    /// Further federations into the same pool and client (each customer's own IdP), as
    /// `[[federation]]` tables. The first federation is `provider` (and `okta`) above, so a
    /// file with one federation keeps today's shape; see `federations()`.
    #[serde(default, rename = "federation", skip_serializing_if = "Vec::is_empty")]
    pub more_federations: Vec<Federation>,
    /// Providers to delete from the pool at the next `apply` (a customer who left, recorded by
    /// `tenant remove`): `plan` shows each deletion, and `apply` drops the name once the
    /// provider is gone, so a deletion is never silent and never repeated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_providers: Vec<String>,
    /// What `export` saw of the pool and client; only `rehearse --from` reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<crate::setup::observed::Observed>,
    /// Directory of the file this was loaded from; relative `metadata_file` paths resolve here.
    #[serde(skip)]
    pub source_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppClientSetup {
    /// Absent: a new public client (no secret) named `name` is created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default = "default_client_name")]
    pub name: String,
    #[serde(default)]
    pub callback_urls: Vec<String>,
    #[serde(default)]
    pub logout_urls: Vec<String>,
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// Whether the client keeps Cognito's own sign-in (`COGNITO`, the pool's directory of
    /// users with passwords) beside the IdP. Absent: a new client gets it, as the guide does;
    /// an existing client keeps what it has (an SSO-only client stays SSO-only). `false`
    /// removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cognito_sign_in: Option<bool>,
    /// Whether the test sign-in's loopback callback (`http://localhost:<login.port>/callback`)
    /// is registered on the client. Absent: it is. `false`: it is not, and is removed if there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_callback: Option<bool>,
    /// Whether the sign-out test's URL (`http://localhost:<login.port>/signed-out`) is
    /// registered. `true`: written when the admin agrees to the sign-out test; absent: not
    /// added (nor removed); `false`: removed if there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_sign_out: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSetup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
    /// ACM certificate (us-east-1) used only when the custom domain has to be created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    /// 1 = classic hosted UI, 2 = managed login. Used only when the domain is created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_login_version: Option<i32>,
}

/// One federation into the pool: an IdP's SAML provider (its kind, metadata, mapping,
/// identifiers) and, for Okta through its API, the `[okta]` part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Federation {
    /// What the team calls it (the customer); default: the provider's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub provider: ProviderSetup,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub okta: Option<OktaSetup>,
}

impl Federation {
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.provider.name)
    }
}

/// A federation as the setup holds it, the first one included.
#[derive(Debug, Clone, Copy)]
pub struct FederationRef<'a> {
    pub name: &'a str,
    pub provider: &'a ProviderSetup,
    pub okta: Option<&'a OktaSetup>,
}

/// Which identity provider a federation's SAML provider stands for: what differs between them
/// (console labels, attribute names, NameID, API automation) lives behind `crate::idp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdpKind {
    /// Okta, with its admin console's labels and (with credentials) its API.
    #[default]
    Okta,
    /// Microsoft Entra ID, configured by hand in its admin center's labels.
    Entra,
    /// Google Workspace, configured by hand in its Admin console's labels (metadata: a file).
    Google,
    /// Any SAML 2.0 identity provider, configured by hand from the values the tool shows.
    Saml,
}

impl IdpKind {
    /// Every IdP the tool knows, in the order the wizard offers them.
    pub const ALL: [IdpKind; 4] = [
        IdpKind::Okta,
        IdpKind::Entra,
        IdpKind::Google,
        IdpKind::Saml,
    ];

    pub fn is_okta(&self) -> bool {
        *self == IdpKind::Okta
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSetup {
    #[serde(default = "default_provider_name")]
    pub name: String,
    /// `okta` (absent) or `saml`: the IdP this provider federates, as the console steps and
    /// checks address it. Written only when not Okta, so today's files stay as they are.
    #[serde(default, skip_serializing_if = "IdpKind::is_okta")]
    pub idp: IdpKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_file: Option<PathBuf>,
    #[serde(default)]
    pub idp_signout: bool,
    /// IdP-initiated sign-in; Cognito then forbids `COGNITO` on the same client.
    #[serde(default)]
    pub idp_init: bool,
    #[serde(default)]
    pub encrypted_responses: bool,
    /// `rsa-sha256` to sign SAML requests; absent = unsigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_signing_algorithm: Option<String>,
    #[serde(default)]
    pub identifiers: Vec<String>,
    /// User pool attribute = SAML attribute name.
    #[serde(default)]
    pub attribute_mapping: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginSetup {
    #[serde(default = "default_login_port")]
    pub port: u16,
}

/// The Okta side, for `okta-app`: which org and app, and which service app signs in (its id
/// and the path of its key file). No secret is stored here: the key stays in its file, an
/// API token in `OKTA_API_TOKEN`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OktaSetup {
    /// `https://acme.okta.com`; else `OKTA_ORG_URL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_url: Option<String>,
    /// The app is found again by this label; default "Amazon Cognito <user pool id>".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_label: Option<String>,
    /// Written by `okta-app` once the app exists; wins over the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// `persistent` (default, as AWS advises), `email` or `unspecified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_id_format: Option<String>,
    /// Okta groups assigned to the app, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assign_groups: Vec<String>,
    /// Okta people assigned to the app, by login.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assign_users: Vec<String>,
    /// The OAuth 2.0 API Services app's client id; else `OKTA_CLIENT_ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Path to that app's private key (PEM or JWK), relative to this file; never the key
    /// itself. Else `OKTA_PRIVATE_KEY_FILE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key_file: Option<String>,
    /// The key's `kid` as the Okta app lists it; else `OKTA_PRIVATE_KEY_ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key_id: Option<String>,
    /// SAML attribute name = Okta expression, where the default for the mapped pool attribute
    /// (`email` = `user.email` …) is not what the org uses.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attribute_values: BTreeMap<String, String>,
}

fn default_client_name() -> String {
    DEFAULT_CLIENT_NAME.to_string()
}
fn default_provider_name() -> String {
    DEFAULT_PROVIDER_NAME.to_string()
}
fn default_login_port() -> u16 {
    DEFAULT_LOGIN_PORT
}
fn default_scopes() -> Vec<String> {
    ["openid", "email", "profile"].map(String::from).to_vec()
}

impl Default for AppClientSetup {
    fn default() -> Self {
        AppClientSetup {
            client_id: None,
            name: default_client_name(),
            callback_urls: Vec::new(),
            logout_urls: Vec::new(),
            scopes: default_scopes(),
            cognito_sign_in: None,
            test_callback: None,
            test_sign_out: None,
        }
    }
}

impl Default for ProviderSetup {
    fn default() -> Self {
        ProviderSetup {
            name: default_provider_name(),
            idp: IdpKind::Okta,
            metadata_url: None,
            metadata_file: None,
            idp_signout: false,
            idp_init: false,
            encrypted_responses: false,
            request_signing_algorithm: None,
            identifiers: Vec::new(),
            attribute_mapping: BTreeMap::new(),
        }
    }
}

impl Default for LoginSetup {
    fn default() -> Self {
        LoginSetup {
            port: DEFAULT_LOGIN_PORT,
        }
    }
}

/// Why a setup file could not be read; the message carries the path and, for TOML errors,
/// toml's own "line N, column M" with the offending key.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("cannot read setup file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("setup file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("setup file {path} is larger than {} KiB: not a setup file", MAX_SETUP_BYTES / 1024)]
    TooLarge { path: PathBuf },
    #[error(
        "setup file {path} was written by `okta-cognito rehearse`: its pool exists only in a rehearsal"
    )]
    RehearsalOnly { path: PathBuf },
    #[error("cannot write setup file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl SetupError {
    pub fn to_finding(&self) -> Finding {
        match self {
            SetupError::Read { path, .. } => Finding::error(
                crate::finding::codes::SETUP_FILE_UNREADABLE,
                self.to_string(),
                format!("Check that {} exists and is readable.", path.display()),
            ),
            SetupError::Parse { .. } => Finding::error(
                crate::finding::codes::SETUP_FILE_INVALID,
                self.to_string(),
                "Correct the key or value named above; the README lists every key of the setup file.",
            ),
            SetupError::TooLarge { path } => Finding::error(
                crate::finding::codes::SETUP_FILE_TOO_LARGE,
                self.to_string(),
                format!(
                    "A setup file is a few hundred bytes of TOML: check that {} is the file `okta-cognito export` or the wizard wrote.",
                    path.display()
                ),
            ),
            SetupError::RehearsalOnly { path } => Finding::error(
                crate::finding::codes::SETUP_FILE_REHEARSAL_ONLY,
                self.to_string(),
                format!(
                    "Run the command inside the rehearsal (`okta-cognito rehearse`, or with the variables `rehearse --serve` prints), or start a real setup instead of {}.",
                    path.display()
                ),
            ),
            SetupError::Write { path, .. } => Finding::error(
                crate::finding::codes::SETUP_FILE_UNWRITABLE,
                self.to_string(),
                format!("Choose a writable path instead of {}.", path.display()),
            ),
        }
    }
}

/// The most of one line of the file that an error quotes: a hostile one-line file of
/// megabytes must not come back as an error of megabytes.
const MAX_QUOTED_LINE: usize = 300;

/// toml's message quotes the offending line (and a caret line under it); each is cut to
/// `MAX_QUOTED_LINE` characters, saying how much was left out.
fn cut_quoted_lines(message: &str) -> String {
    message
        .lines()
        .map(|line| match line.char_indices().nth(MAX_QUOTED_LINE) {
            Some((at, _)) => format!(
                "{}… ({} more characters)",
                &line[..at],
                line[at..].chars().count()
            ),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Setup {
    /// A minimal setup for the given pool; everything else takes its default.
    pub fn new(region: impl Into<String>, user_pool_id: impl Into<String>) -> Self {
        Setup {
            region: region.into(),
            user_pool_id: user_pool_id.into(),
            rehearsal: false,
            app_client: AppClientSetup::default(),
            domain: DomainSetup::default(),
            provider: ProviderSetup::default(),
            login: LoginSetup::default(),
            okta: None,
            more_federations: vec![],
            removed_providers: vec![],
            observed: None,
            source_dir: None,
        }
    }

    pub fn from_toml(text: &str, path: &Path) -> Result<Setup, SetupError> {
        toml::from_str::<Setup>(text).map_err(|e| SetupError::Parse {
            path: path.to_path_buf(),
            message: cut_quoted_lines(e.to_string().trim_end()),
        })
    }

    /// The setup file at `path`. One that `rehearse` wrote is refused outside a rehearsal
    /// (the process has no `OKTA_COGNITO_REHEARSAL`): its pool id would be looked up, or
    /// created against, a real account.
    pub fn load(path: &Path) -> Result<Setup, SetupError> {
        let setup = Self::load_for_rehearsal(path)?;
        if setup.rehearsal && std::env::var_os(REHEARSAL_ENV).is_none() {
            return Err(SetupError::RehearsalOnly {
                path: path.to_path_buf(),
            });
        }
        Ok(setup)
    }

    /// The same, for `rehearse --from` (which may rebuild a rehearsal's setup anywhere).
    pub fn load_for_rehearsal(path: &Path) -> Result<Setup, SetupError> {
        let bytes = crate::safe_file::read_capped(path, MAX_SETUP_BYTES).map_err(|source| {
            if source.kind() == std::io::ErrorKind::InvalidData {
                SetupError::TooLarge {
                    path: path.to_path_buf(),
                }
            } else {
                SetupError::Read {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|e| SetupError::Parse {
            path: path.to_path_buf(),
            message: format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let mut setup = Setup::from_toml(&text, path)?;
        setup.source_dir = path.parent().map(Path::to_path_buf);
        Ok(setup)
    }

    pub fn to_toml(&self) -> String {
        let mut body = toml::to_string_pretty(self).expect("a Setup always serialises to TOML");
        if !body.ends_with('\n') {
            body.push('\n');
        }
        format!(
            "# okta-cognito setup file: one Okta SAML federation into one Cognito user pool.\n\
             # Reference: the README's \"Setup file\" section.\n\n{body}"
        )
    }

    /// What `save` writes at `path`: the existing file with this setup's changes, or the
    /// canonical text when there is no readable setup file there.
    pub fn text_over(&self, path: &Path) -> String {
        let existing = std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file() && m.len() <= MAX_SETUP_BYTES)
            .and_then(|_| std::fs::read_to_string(path).ok());
        existing
            .and_then(|text| {
                let before = Setup::from_toml(&text, path).ok()?;
                file_text::write_over(&text, &before, self)
            })
            .unwrap_or_else(|| self.to_toml())
    }

    /// Writes through a randomly named temporary file and a rename, so an interrupted save
    /// never leaves a half-written setup behind and a link planted beside it is never
    /// followed. The file's mode is kept; a setup path that is itself a link is written
    /// through to its target (the user chose that path).
    ///
    /// Over an existing setup file, only what changed is rewritten: comments, key order and
    /// layout stay, and a file nothing changed in is written back byte for byte.
    pub fn save(&self, path: &Path) -> Result<(), SetupError> {
        crate::safe_file::write_atomic(
            path,
            self.text_over(path).as_bytes(),
            crate::safe_file::AtSymlink::WriteThrough,
        )
        .map_err(|source| SetupError::Write {
            path: path.to_path_buf(),
            source,
        })
    }

    /// `live` (a setup read back from AWS, as `export` makes it) with what only this file
    /// knows kept: the rehearsal mark, the sign-in test's settings, the Okta section, the
    /// further federations, the providers to remove, and whether it records an export's
    /// observations. The doctor's fixes replace the setup this way, so applying them loses
    /// nothing the file held and adds nothing it did not choose.
    pub fn read_back(&self, mut live: Setup) -> Setup {
        live.rehearsal = self.rehearsal;
        live.login = self.login.clone();
        live.okta = self.okta.clone();
        live.more_federations = self.more_federations.clone();
        live.removed_providers = self.removed_providers.clone();
        live.observed = self.observed.clone();
        live
    }

    /// Relative paths in this setup are the setup file's folder's, wherever the tool runs:
    /// records that folder for `setup_file` (a path as typed, relative to `cwd`).
    pub fn locate_at(&mut self, setup_file: &Path, cwd: &Path) {
        let file = cwd.join(setup_file);
        self.source_dir = file.parent().map(Path::to_path_buf);
    }

    /// Records a metadata source a person typed while in `cwd`: a URL as it is; a file as a
    /// path relative to the setup file's folder when it lies inside it, else absolute, so
    /// every later command (from any folder) reads the same file.
    pub fn set_metadata_source(&mut self, typed: &str, cwd: &Path) {
        let typed = typed.trim();
        match metadata_source::Source::parse(typed) {
            metadata_source::Source::Url(u) => {
                self.provider.metadata_url = Some(u);
                self.provider.metadata_file = None;
            }
            _ => {
                let absolute = cwd.join(typed);
                let relative = self
                    .source_dir
                    .as_deref()
                    .and_then(|dir| absolute.strip_prefix(dir).ok())
                    .map(Path::to_path_buf);
                self.provider.metadata_file = Some(relative.unwrap_or(absolute));
                self.provider.metadata_url = None;
            }
        }
    }

    /// The source a person would type for this setup's metadata, as seen from `cwd`: the
    /// URL, or the file's path (relative to `cwd` when it lies inside it).
    pub fn metadata_source_from(&self, cwd: &Path) -> Option<String> {
        if let Some(u) = &self.provider.metadata_url {
            return Some(u.clone());
        }
        let file = self.metadata_file_path()?;
        let file = cwd.join(file);
        Some(
            file.strip_prefix(cwd)
                .map(Path::to_path_buf)
                .unwrap_or(file)
                .display()
                .to_string(),
        )
    }

    /// The metadata file path as the user meant it: relative to the setup file.
    pub fn metadata_file_path(&self) -> Option<PathBuf> {
        let file = self.provider.metadata_file.as_ref()?;
        Some(match (&self.source_dir, file.is_relative()) {
            (Some(dir), true) => dir.join(file),
            _ => file.clone(),
        })
    }

    /// The hosted-UI domain, once a prefix or custom domain is chosen (prefix first).
    pub fn domain(&self) -> Option<crate::endpoints::Domain> {
        use crate::endpoints::Domain;
        match (&self.domain.prefix, &self.domain.custom) {
            (Some(p), _) => Some(Domain::Prefix(p.clone())),
            (None, Some(c)) => Some(Domain::Custom(c.clone())),
            _ => None,
        }
    }

    /// The values Okta and the application need (ACS URL, Audience URI, issuer …), once the
    /// domain is chosen; `issuer` is the pool's (`DescribeUserPool`), which the file does not say.
    pub fn values(&self, issuer: crate::endpoints::IssuerKind) -> Option<crate::endpoints::Values> {
        let d = self.domain()?;
        Some(crate::endpoints::Values::derive(
            &self.region,
            &self.user_pool_id,
            &d,
            issuer,
            None,
            None,
        ))
    }

    /// The loopback redirect URI the test sign-in listens on.
    pub fn login_redirect_uri(&self) -> String {
        crate::endpoints::loopback_redirect_uri(self.login.port)
    }

    /// Every federation into the pool, the first (`provider`, `okta`) first.
    pub fn federations(&self) -> Vec<FederationRef<'_>> {
        let first = FederationRef {
            name: &self.provider.name,
            provider: &self.provider,
            okta: self.okta.as_ref(),
        };
        std::iter::once(first)
            .chain(self.more_federations.iter().map(|f| FederationRef {
                name: f.name(),
                provider: &f.provider,
                okta: f.okta.as_ref(),
            }))
            .collect()
    }

    /// The setup as federation `index` sees it (0: the first, `provider` and `okta`; then each
    /// `[[federation]]`): the same pool, client and domain, with that federation's provider.
    pub fn for_federation(&self, index: usize) -> Option<Setup> {
        if index == 0 {
            return Some(self.clone());
        }
        let f = self.more_federations.get(index - 1)?;
        let mut view = self.clone();
        view.provider = f.provider.clone();
        view.okta = f.okta.clone();
        view.more_federations.clear();
        Some(view)
    }

    /// The sign-out test's loopback URL.
    pub fn sign_out_test_uri(&self) -> String {
        crate::endpoints::loopback_signed_out_uri(self.login.port)
    }

    /// One of the tool's own test URLs (the test sign-in's callback, the sign-out test's
    /// landing page): never shown as the application's, and removed by `without_test_urls`.
    pub fn is_test_url(&self, url: &str) -> bool {
        url == self.login_redirect_uri() || url == self.sign_out_test_uri()
    }

    /// The tool's test URLs the client will have once this setup is applied.
    pub fn test_urls_kept(&self) -> Vec<String> {
        let mut kept = vec![];
        if self.app_client.test_callback != Some(false) {
            kept.push(self.login_redirect_uri());
        }
        if self.app_client.test_sign_out == Some(true)
            || self
                .app_client
                .logout_urls
                .contains(&self.sign_out_test_uri())
        {
            kept.push(self.sign_out_test_uri());
        }
        kept
    }

    /// Before production: the test sign-in's callback and the sign-out test's URL are taken
    /// off the client (the next plan shows their removal), and off the setup's own lists.
    pub fn without_test_urls(&mut self) {
        self.app_client.test_callback = Some(false);
        self.app_client.test_sign_out = Some(false);
        let (callback, signed_out) = (self.login_redirect_uri(), self.sign_out_test_uri());
        self.app_client.callback_urls.retain(|u| *u != callback);
        self.app_client.logout_urls.retain(|u| *u != signed_out);
    }

    /// The callback and sign-out URLs an export says the client had: the setup's lists plus
    /// the test URLs its switches say were registered (`true`, not merely absent).
    pub fn exported_client_urls(&self) -> (Vec<String>, Vec<String>) {
        let mut callbacks = self.app_client.callback_urls.clone();
        if self.app_client.test_callback == Some(true) {
            callbacks.push(self.login_redirect_uri());
        }
        let mut logouts = self.app_client.logout_urls.clone();
        if self.app_client.test_sign_out == Some(true) {
            logouts.push(self.sign_out_test_uri());
        }
        (callbacks, logouts)
    }

    /// The application's own sign-out URLs: the setup's, without the tool's test URL.
    pub fn application_logout_urls(&self) -> Vec<&String> {
        self.app_client
            .logout_urls
            .iter()
            .filter(|u| !self.is_test_url(u))
            .collect()
    }

    /// Every validation rule over the whole file.
    pub fn validate(&self) -> Vec<Finding> {
        validate::setup(self)
    }
}
