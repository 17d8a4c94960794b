//! An HTTP stand-in for the two app-client calls that behaves like real Cognito where moto
//! does not: `UpdateUserPoolClient` *replaces* the client, so every field the request leaves
//! out is reset. A partial update that "works" on moto loses data here. Every request is also
//! held to AWS's published model (through the emulator's model layer).

use super::http::Server;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AwsLike {
    pub server: Arc<Server>,
    pub client: Arc<Mutex<Value>>,
    pub updates: Arc<Mutex<Vec<Value>>>,
}

/// Fields Cognito keeps across an update because the caller cannot set them (and which are
/// therefore never part of a client's settings).
pub const SERVER_OWNED: [&str; 5] = [
    "UserPoolId",
    "ClientId",
    "ClientSecret",
    "CreationDate",
    "LastModifiedDate",
];

/// AWS's published model on this request, asked of the emulator's model layer (which logs
/// violations for the whole suite); `Some(message)` when AWS would refuse it.
async fn model_refusal(target: &str, body: &str) -> Option<String> {
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "{}/_aws_model/validate",
            super::moto::moto().endpoint
        ))
        .header("x-amz-target", target)
        .body(body.to_string())
        .send()
        .await
        .expect("the model layer answers")
        .json()
        .await
        .expect("the model layer answers JSON");
    let errors: Vec<String> = answer["errors"]
        .as_array()
        .expect("the model layer lists errors")
        .iter()
        .filter_map(|e| e.as_str().map(String::from))
        .collect();
    (!errors.is_empty()).then(|| {
        format!(
            "{} validation error{} detected: {}",
            errors.len(),
            if errors.len() > 1 { "s" } else { "" },
            errors.join("; ")
        )
    })
}

impl AwsLike {
    pub fn start(initial: Value) -> AwsLike {
        let client = Arc::new(Mutex::new(initial));
        let updates = Arc::new(Mutex::new(Vec::new()));
        let (c, u) = (client.clone(), updates.clone());
        let router = Router::new().route(
            "/",
            post(move |headers: HeaderMap, body: String| {
                let (c, u) = (c.clone(), u.clone());
                async move {
                    let target = headers
                        .get("x-amz-target")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let req: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                    if let Some(refusal) = model_refusal(&target, &body).await {
                        return (
                            StatusCode::BAD_REQUEST,
                            [(header::CONTENT_TYPE, "application/x-amz-json-1.1")],
                            json!({"__type": "InvalidParameterException", "message": refusal})
                                .to_string(),
                        );
                    }
                    let reply = match target.rsplit('.').next().unwrap_or_default() {
                        "DescribeUserPoolClient" => {
                            json!({ "UserPoolClient": c.lock().unwrap().clone() })
                        }
                        "UpdateUserPoolClient" => {
                            u.lock().unwrap().push(req.clone());
                            let mut stored = c.lock().unwrap();
                            let mut next = serde_json::Map::new();
                            for k in SERVER_OWNED {
                                if let Some(v) = stored.get(k) {
                                    next.insert(k.to_string(), v.clone());
                                }
                            }
                            for (k, v) in req.as_object().cloned().unwrap_or_default() {
                                if !SERVER_OWNED.contains(&k.as_str()) {
                                    next.insert(k, v);
                                }
                            }
                            *stored = Value::Object(next);
                            json!({ "UserPoolClient": stored.clone() })
                        }
                        other => {
                            return (
                                StatusCode::BAD_REQUEST,
                                [(header::CONTENT_TYPE, "application/x-amz-json-1.1")],
                                json!({"__type": "UnknownOperationException", "message": other})
                                    .to_string(),
                            );
                        }
                    };
                    (
                        StatusCode::OK,
                        [(header::CONTENT_TYPE, "application/x-amz-json-1.1")],
                        reply.to_string(),
                    )
                }
            }),
        );
        AwsLike {
            server: Arc::new(Server::start(router)),
            client,
            updates,
        }
    }

    pub async fn api(&self) -> aws_sdk_cognitoidentityprovider::Client {
        use aws_sdk_cognitoidentityprovider::config::{Credentials, Region};
        let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(self.server.url(""))
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
            .load()
            .await;
        aws_sdk_cognitoidentityprovider::Client::new(&conf)
    }
}
