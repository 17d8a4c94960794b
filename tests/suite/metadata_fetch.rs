//! The fetch path against a local HTTP server: content types, redirects, caps, timeouts.

use crate::support;

use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use okta_cognito::saml::fetch::{FetchOptions, Source, fetch};
use okta_cognito::saml::inspect;
use std::sync::OnceLock;
use std::time::Duration;
use support::http::Server;

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(support::fixture(&format!("metadata/{rel}"))).unwrap()
}

fn xml(content_type: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, content_type)],
        fixture("real/okta-10.xml"),
    )
        .into_response()
}

fn server() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| {
        let router = Router::new()
            .route(
                "/samlmetadata",
                get(|| async { xml("application/samlmetadata+xml") }),
            )
            .route(
                "/text-xml",
                get(|| async { xml("text/xml; charset=utf-8") }),
            )
            .route("/app-xml", get(|| async { xml("application/xml") }))
            .route(
                "/hop/{n}",
                get(
                    |axum::extract::Path(n): axum::extract::Path<u32>| async move {
                        if n == 0 {
                            Redirect::temporary("/samlmetadata").into_response()
                        } else {
                            Redirect::temporary(&format!("/hop/{}", n - 1)).into_response()
                        }
                    },
                ),
            )
            .route(
                "/to-http",
                get(|| async { Redirect::temporary("http://metadata.example.com/x") }),
            )
            .route(
                "/big-chunked",
                get(|| async {
                    let chunk = vec![b' '; 64 * 1024];
                    let stream = futures_util::stream::iter(
                        (0..40).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
                    );
                    (
                        [(header::CONTENT_TYPE, "application/xml")],
                        Body::from_stream(stream),
                    )
                }),
            )
            .route(
                "/big",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "application/xml")],
                        fixture("bad/huge-5mb.xml"),
                    )
                }),
            )
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    xml("application/xml")
                }),
            )
            .route(
                "/missing",
                get(|| async { (StatusCode::NOT_FOUND, "not here") }),
            )
            .route(
                "/okta-404",
                get(|| async {
                    (
                        StatusCode::NOT_FOUND,
                        [(header::CONTENT_TYPE, "application/json")],
                        fixture("bad/okta-error-E0000007.json"),
                    )
                }),
            )
            .route(
                "/signin",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/html")],
                        fixture("bad/okta-login-page.html"),
                    )
                }),
            );
        Server::start(router)
    })
}

async fn get_url(
    path: &str,
    opts: &FetchOptions,
) -> Result<Vec<u8>, okta_cognito::finding::Finding> {
    fetch(&Source::Url(server().url(path)), opts)
        .await
        .map(|f| f.bytes)
}

#[tokio::test]
async fn accepts_the_metadata_content_types() {
    for path in ["/samlmetadata", "/text-xml", "/app-xml"] {
        let f = fetch(&Source::Url(server().url(path)), &FetchOptions::default())
            .await
            .unwrap();
        let r = inspect(
            &f.bytes,
            f.content_type.as_deref(),
            None,
            time::OffsetDateTime::now_utc(),
        );
        assert!(r.accepted, "{path}: {:#?}", r.findings);
    }
}

#[tokio::test]
async fn follows_up_to_five_redirects_and_no_more() {
    assert!(
        get_url("/hop/4", &FetchOptions::default()).await.is_ok(),
        "5 redirects are fine"
    );
    let err = get_url("/hop/6", &FetchOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code, "metadata-redirect-refused");
    assert!(
        err.message.contains("more than 5 redirects"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn refuses_a_redirect_to_plain_http() {
    let err = get_url("/to-http", &FetchOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code, "metadata-redirect-refused");
    assert!(err.message.contains("not https"), "{}", err.message);
}

#[tokio::test]
async fn caps_the_size_while_streaming_and_by_content_length() {
    let err = get_url("/big-chunked", &FetchOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code, "metadata-too-large");
    let err = get_url("/big", &FetchOptions::default()).await.unwrap_err();
    assert_eq!(err.code, "metadata-too-large");
    assert!(err.message.contains("~5.2 MB"), "{}", err.message);
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let opts = FetchOptions {
        total_timeout: Duration::from_millis(300),
        ..FetchOptions::default()
    };
    let err = get_url("/slow", &opts).await.unwrap_err();
    assert_eq!(err.code, "metadata-timeout");
}

#[tokio::test]
async fn http_errors_name_the_status_and_okta_error() {
    let err = get_url("/missing", &FetchOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code, "metadata-http-error");
    assert!(err.message.contains("HTTP 404"), "{}", err.message);
    let err = get_url("/okta-404", &FetchOptions::default())
        .await
        .unwrap_err();
    assert!(
        err.message.contains("Okta error E0000007"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn an_html_sign_in_page_is_recognised() {
    let f = fetch(
        &Source::Url(server().url("/signin")),
        &FetchOptions::default(),
    )
    .await
    .unwrap();
    let r = inspect(
        &f.bytes,
        f.content_type.as_deref(),
        None,
        time::OffsetDateTime::now_utc(),
    );
    assert_eq!(r.findings[0].code, "metadata-is-signin-page");
}

#[tokio::test]
async fn plain_http_is_refused_unless_loopback() {
    let err = fetch(
        &Source::Url("http://metadata.example.com/x".into()),
        &FetchOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "metadata-url-not-https");
}

#[tokio::test]
async fn an_unreachable_host_says_so() {
    let port = support::moto::free_port();
    let err = fetch(
        &Source::Url(format!("http://127.0.0.1:{port}/metadata")),
        &FetchOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "metadata-unreachable");
}

#[tokio::test]
async fn files_are_capped_and_missing_files_named() {
    let err = fetch(
        &Source::File(support::fixture("metadata/bad/huge-5mb.xml")),
        &FetchOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "metadata-too-large");
    let err = fetch(
        &Source::File("/nonexistent/okta.xml".into()),
        &FetchOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "metadata-file-unreadable");
    assert!(err.message.contains("/nonexistent/okta.xml"));
}
