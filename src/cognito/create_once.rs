//! Creates that are not idempotent (an app client, a provider, a domain) must never be retried
//! blindly: when the answer to a create is lost (connection reset after AWS acted, a timeout,
//! a 5xx), the SDK's own retry would create a second `okta-web` client. So the SDK's retry is
//! off for these calls, and after a lost answer we look (by name) before trying again.

use super::errors::from_sdk;
use crate::finding::Finding;
use aws_sdk_cognitoidentityprovider::config::Builder as ConfigBuilder;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_types::retry::RetryConfig;

/// Attempts in all, the first included, after lost answers.
const ATTEMPTS: u32 = 3;
/// Attempts in all after throttling, a quota window apart: a throttled create was refused
/// before AWS acted, so sending it again cannot make a second one.
const THROTTLED_ATTEMPTS: u32 = 6;

/// Config override for one create call: no automatic retry.
pub fn no_retry() -> ConfigBuilder {
    ConfigBuilder::default().retry_config(RetryConfig::disabled())
}

/// How a failed call ended, as far as "did AWS act?" goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// The request may have been carried out: the answer never arrived or was a server error.
    AnswerLost,
    /// AWS refused before acting, and asks us to slow down.
    Throttled,
    /// AWS answered with a refusal: nothing was created.
    Refused,
}

pub fn classify<E: ProvideErrorMetadata, R: std::fmt::Debug>(e: &SdkError<E, R>) -> Failure {
    match e {
        SdkError::DispatchFailure(_) | SdkError::ResponseError(_) | SdkError::TimeoutError(_) => {
            Failure::AnswerLost
        }
        SdkError::ServiceError(s) => match s.err().code() {
            Some("ThrottlingException" | "TooManyRequestsException") => Failure::Throttled,
            Some("InternalErrorException") => Failure::AnswerLost,
            _ => Failure::Refused,
        },
        _ => Failure::Refused,
    }
}

/// Runs `send` at most `ATTEMPTS` times. After a lost answer, `look` says whether the thing
/// now exists (then that is the result, created by the attempt whose answer was lost);
/// `look` itself reports ambiguity (two clients of one name) as its error.
pub async fn create_once<T, E, R, S, SFut, L, LFut>(
    action: &str,
    resource: &str,
    mut send: S,
    mut look: L,
) -> Result<T, Finding>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
    S: FnMut() -> SFut,
    SFut: Future<Output = Result<T, SdkError<E, R>>>,
    L: FnMut() -> LFut,
    LFut: Future<Output = Result<Option<T>, Finding>>,
{
    let mut attempt = 1;
    loop {
        let err = match send().await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let failure = classify(&err);
        if failure == Failure::AnswerLost
            && let Some(found) = look().await?
        {
            tracing::info!("{action}: the answer was lost, but {resource} exists: using it");
            return Ok(found);
        }
        let most = match failure {
            Failure::Throttled => THROTTLED_ATTEMPTS,
            _ => ATTEMPTS,
        };
        if failure == Failure::Refused || attempt >= most {
            let mut f = from_sdk(&err, action, resource);
            if failure == Failure::AnswerLost {
                f.fix = format!(
                    "{} Nothing was created twice: each lost answer was followed by a look for {resource} before trying again; run apply again when the connection is back.",
                    f.fix
                );
            }
            return Err(f);
        }
        if failure == Failure::Throttled {
            tokio::time::sleep(super::pace::WINDOW).await;
        }
        attempt += 1;
    }
}
