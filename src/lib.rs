//! okta-cognito's core: everything the wizard and the headless commands do, with no UI in it.
//!
//! The layers, bottom first; a module imports only from its own layer or those below it, and
//! the modules' imports form no cycle (`tests/suite/layers.rs` holds the code to this list):
//!
//! 1. the model: the setup file (`setup`, its validation and its Okta section's rules),
//!    `finding` (typed codes, one text layout), `endpoints` (derived URLs), `safe_file`,
//!    `terminal_text`, `html_text`, `http_body`;
//! 2. the domains: `saml` (fetch, parse, judge), `cognito` (read, plan, apply, export),
//!    `idp` (each identity provider behind one seam: Okta with its API, console steps and
//!    checks; any SAML 2.0 IdP configured by hand), `login` (PKCE, listener, verify), `aws`
//!    (SDK config);
//! 3. the checks and infrastructure as code: `doctor`, `iac`;
//! 4. `flows`: one function per use case, composing the layers below;
//! 5. the faces and the rehearsal: `tui` (the wizard), the binary's `cli`, `rehearse`, and
//!    `logging` (the one `tracing` subscriber both faces install).

// 1. The model.
pub mod endpoints;
pub mod finding;
pub mod html_text;
pub mod http_body;
pub mod safe_file;
pub mod setup;
pub mod terminal_text;

// 2. The domains.
pub mod aws;
pub mod cognito;
pub mod idp;
pub mod login;
pub mod saml;

// 3. Checks and infrastructure as code.
pub mod doctor;
pub mod iac;

// 4. One function per use case.
pub mod flows;

// 5. The wizard and the rehearsal (the command-line face is the binary's `cli`), and the log
//    both faces write.
pub mod logging;
pub mod rehearse;
pub mod tui;
