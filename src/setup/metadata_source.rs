//! Where a federation's IdP metadata comes from, as a person types it: a URL, a file, or
//! standard input. The setup records it; `saml::fetch` reads it.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Url(String),
    File(PathBuf),
    Stdin,
}

impl Source {
    /// `-` is stdin, anything with a scheme is a URL, the rest a file path.
    pub fn parse(s: &str) -> Source {
        if s == "-" {
            Source::Stdin
        } else if s.contains("://") {
            Source::Url(s.to_string())
        } else {
            Source::File(PathBuf::from(s))
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Source::Url(u) => u.clone(),
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "standard input".to_string(),
        }
    }
}
