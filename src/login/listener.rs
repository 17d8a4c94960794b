//! The loopback listener: bound before the browser opens, serves only /callback, refuses a
//! foreign `state` and keeps waiting, stops after one valid answer.

use crate::finding::Finding;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::get;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc, oneshot};

const PAGE: &str = include_str!("../../assets/callback.html");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    Code(String),
    Error { error: String, description: String },
}

use crate::html_text::escape;

pub fn page(ok: bool, title: &str, message: &str) -> Html<String> {
    Html(
        PAGE.replace("{{CLASS}}", if ok { "ok" } else { "fail" })
            .replace("{{TITLE}}", &escape(title))
            .replace("{{MESSAGE}}", &escape(message)),
    )
}

#[derive(Clone)]
struct Shared {
    state: String,
    tx: mpsc::UnboundedSender<Callback>,
    done: Arc<Mutex<bool>>,
}

/// Decides what one callback request means; `None` result = keep waiting.
pub fn judge(
    expected_state: &str,
    q: &HashMap<String, String>,
) -> (StatusCode, Html<String>, Option<Callback>) {
    let state_ok = q.get("state").is_some_and(|s| s == expected_state);
    if !state_ok {
        return (
            StatusCode::BAD_REQUEST,
            page(
                false,
                "This sign-in response is not the one okta-cognito is waiting for",
                "The state parameter does not match the sign-in started in the terminal (an old tab or a forged link). okta-cognito is still waiting: use the link it printed.",
            ),
            None,
        );
    }
    if let Some(error) = q.get("error") {
        let description = q.get("error_description").cloned().unwrap_or_default();
        let f = super::explain::redirect_error(error, &description);
        return (
            StatusCode::OK,
            page(
                false,
                "Sign-in failed",
                &format!("{} Fix: {}", f.message, f.fix),
            ),
            Some(Callback::Error {
                error: error.clone(),
                description,
            }),
        );
    }
    match q.get("code") {
        Some(code) if !code.is_empty() => (
            StatusCode::OK,
            page(
                true,
                "Signed in",
                "okta-cognito received the authorization code and is now exchanging it for tokens.",
            ),
            Some(Callback::Code(code.clone())),
        ),
        _ => (
            StatusCode::BAD_REQUEST,
            page(
                false,
                "No authorization code",
                "The callback has neither a code nor an error; okta-cognito is still waiting.",
            ),
            None,
        ),
    }
}

async fn callback(
    State(s): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> (StatusCode, Html<String>) {
    let (status, html, result) = judge(&s.state, &q);
    if let Some(r) = result {
        let mut done = s.done.lock().expect("listener flag");
        if !*done {
            *done = true;
            let _ = s.tx.send(r);
        }
    }
    (status, html)
}

pub struct Listener {
    pub port: u16,
    pub rx: mpsc::UnboundedReceiver<Callback>,
    shutdown: Vec<oneshot::Sender<()>>,
}

impl Listener {
    pub fn stop(&mut self) {
        for s in self.shutdown.drain(..) {
            let _ = s.send(());
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop();
    }
}

fn port_in_use(port: u16, e: &std::io::Error) -> Finding {
    Finding::error(
        crate::finding::codes::LOGIN_PORT_IN_USE,
        format!("cannot listen on localhost port {port}: {e}"),
        format!(
            "Stop the program using port {port} (`ss -ltnp | grep {port}`), or set [login] port = another port in the setup file and run `okta-cognito apply` so http://localhost:<port>/callback is registered on the client."
        ),
    )
}

/// Binds 127.0.0.1 (and [::1] when available, since browsers may resolve `localhost` to
/// either) on `port` before anything is opened in a browser.
pub async fn bind(port: u16, expected_state: &str) -> Result<Listener, Finding> {
    let v4 = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| port_in_use(port, &e))?;
    let port = v4.local_addr().map(|a| a.port()).unwrap_or(port);
    let v6 = tokio::net::TcpListener::bind(("::1", port)).await.ok();
    let (tx, rx) = mpsc::unbounded_channel();
    let shared = Shared {
        state: expected_state.to_string(),
        tx,
        done: Arc::new(Mutex::new(false)),
    };
    let app = Router::new()
        // A HEAD (a link preview, a prefetch) must not consume the single-use code.
        .route("/callback", get(callback).head(|| async { StatusCode::OK }))
        .with_state(shared);
    let mut shutdown = vec![];
    for l in std::iter::once(v4).chain(v6) {
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        shutdown.push(stop_tx);
        tokio::spawn(serve(l, app.clone(), stop_rx));
    }
    Ok(Listener { port, rx, shutdown })
}

/// The sign-out's landing page: the first GET of /signed-out, with the page the browser came
/// from (`Referer`), then the listener stops.
pub struct SignedOut {
    pub port: u16,
    pub rx: mpsc::UnboundedReceiver<Option<String>>,
    shutdown: Vec<oneshot::Sender<()>>,
}

impl Drop for SignedOut {
    fn drop(&mut self) {
        for s in self.shutdown.drain(..) {
            let _ = s.send(());
        }
    }
}

pub async fn bind_signed_out(port: u16) -> Result<SignedOut, Finding> {
    // The sign-in's listener on the same port was just told to stop; its task may not have
    // closed the socket yet, so a busy port is asked again for a moment before giving up.
    let mut attempts = 0;
    let v4 = loop {
        match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
            Ok(l) => break l,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && attempts < 40 => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            Err(e) => return Err(port_in_use(port, &e)),
        }
    };
    let port = v4.local_addr().map(|a| a.port()).unwrap_or(port);
    let v6 = tokio::net::TcpListener::bind(("::1", port)).await.ok();
    let (tx, rx) = mpsc::unbounded_channel::<Option<String>>();
    let app = Router::new().route(
        "/signed-out",
        get(move |headers: axum::http::HeaderMap| {
            let tx = tx.clone();
            async move {
                let referer = headers
                    .get(axum::http::header::REFERER)
                    .and_then(|v| v.to_str().ok())
                    .map(String::from);
                let _ = tx.send(referer);
                (
                    StatusCode::OK,
                    page(
                        true,
                        "Signed out",
                        "You can close this tab and return to the terminal.",
                    ),
                )
            }
        }),
    );
    let mut shutdown = vec![];
    for l in std::iter::once(v4).chain(v6) {
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        shutdown.push(stop_tx);
        tokio::spawn(serve(l, app.clone(), stop_rx));
    }
    Ok(SignedOut { port, rx, shutdown })
}

/// A browser opens two or three connections; more at once are not a browser.
pub const MAX_CONNECTIONS: usize = 16;
/// A connection that has not sent its request line and headers by then is closed.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// No connection lives longer, whatever it sends.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(30);

/// The accept loop: at most `MAX_CONNECTIONS` served at once (the rest wait in the kernel's
/// queue), each with a header-read timeout, so idle local connections cannot stall the
/// sign-in. Returning on `stop` closes the socket at once: the port is free again.
async fn serve(listener: tokio::net::TcpListener, app: Router, mut stop: oneshot::Receiver<()>) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = tokio::select! {
            _ = &mut stop => return,
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
        };
        let stream = tokio::select! {
            _ = &mut stop => return,
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                // Out of file descriptors, most likely: give the others a moment to close.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_LIFETIME, conn).await;
            drop(permit);
        });
    }
}
