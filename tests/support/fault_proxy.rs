//! A loopback HTTP/1.1 proxy in front of the emulator that injects the faults real networks
//! and real AWS produce: the answer lost after AWS acted (the request is forwarded, then the
//! connection is dropped), a 500, throttling. Faults are keyed by the AWS action
//! (`X-Amz-Target`), and every request that reached the emulator is counted.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward the request, read the emulator's answer, then close without answering.
    DropAfterForward,
    /// Answer `InternalErrorException` (HTTP 500) without forwarding.
    Answer500,
    /// Answer `ThrottlingException` (HTTP 400) without forwarding.
    Throttle,
}

#[derive(Default)]
struct Rules {
    /// action → faults still to inject, in order.
    pending: HashMap<String, Vec<Fault>>,
    /// action → requests that reached the emulator.
    forwarded: HashMap<String, usize>,
}

pub struct FaultProxy {
    pub endpoint: String,
    rules: Arc<Mutex<Rules>>,
}

/// Every forwarded request waits this long first, as a call to a far region would.
#[derive(Clone, Copy, Default)]
pub struct Latency(pub std::time::Duration);

impl FaultProxy {
    pub fn start(upstream: &str) -> FaultProxy {
        FaultProxy::start_with(upstream, Latency::default())
    }

    /// A proxy that delays every call by `latency` (each connection on its own thread, so
    /// concurrent calls overlap as they would against AWS).
    pub fn start_with(upstream: &str, latency: Latency) -> FaultProxy {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let rules = Arc::new(Mutex::new(Rules::default()));
        let shared = rules.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (rules, upstream) = (shared.clone(), upstream.clone());
                std::thread::spawn(move || serve(conn, &upstream, &rules, latency));
            }
        });
        FaultProxy { endpoint, rules }
    }

    /// The next calls of `action` (e.g. "CreateUserPoolClient") meet these faults, in order.
    pub fn inject(&self, action: &str, faults: &[Fault]) {
        self.rules
            .lock()
            .unwrap()
            .pending
            .entry(action.to_string())
            .or_default()
            .extend_from_slice(faults);
    }

    /// How many `action` requests reached the emulator.
    pub fn forwarded(&self, action: &str) -> usize {
        *self
            .rules
            .lock()
            .unwrap()
            .forwarded
            .get(action)
            .unwrap_or(&0)
    }

    pub async fn client(&self) -> aws_sdk_cognitoidentityprovider::Client {
        use aws_sdk_cognitoidentityprovider::config::{Credentials, Region};
        let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&self.endpoint)
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
            .load()
            .await;
        aws_sdk_cognitoidentityprovider::Client::new(&conf)
    }
}

struct Request {
    head: Vec<String>,
    body: Vec<u8>,
    action: String,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let header = |name: &str| {
        head.iter().find_map(|h| {
            let (k, v) = h.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    };
    let len: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let action = header("x-amz-target")
        .and_then(|t| t.rsplit('.').next().map(str::to_string))
        .unwrap_or_default();
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Request { head, body, action })
}

fn forward(req: &Request, upstream: &str) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(upstream)?;
    let mut out = Vec::new();
    for (i, line) in req.head.iter().enumerate() {
        let is_conn = line
            .split_once(':')
            .is_some_and(|(k, _)| k.eq_ignore_ascii_case("connection"));
        if i == 0 || !is_conn {
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(&req.body);
    up.write_all(&out)?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer)?;
    Ok(answer)
}

fn aws_error(status: &str, code: &str, message: &str) -> Vec<u8> {
    let body = format!(r#"{{"__type":"{code}","message":"{message}"}}"#);
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: {code}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn serve(conn: TcpStream, upstream: &str, rules: &Mutex<Rules>, latency: Latency) {
    let mut writer = conn.try_clone().expect("clone stream");
    let mut reader = BufReader::new(conn);
    // One request per connection: every answer says `Connection: close`.
    let Some(req) = read_request(&mut reader) else {
        return;
    };
    if !latency.0.is_zero() {
        std::thread::sleep(latency.0);
    }
    let fault = {
        let mut r = rules.lock().unwrap();
        let next = r.pending.get_mut(&req.action).and_then(|q| {
            if q.is_empty() {
                None
            } else {
                Some(q.remove(0))
            }
        });
        if matches!(next, None | Some(Fault::DropAfterForward)) {
            *r.forwarded.entry(req.action.clone()).or_default() += 1;
        }
        next
    };
    let answer = match fault {
        Some(Fault::Answer500) => aws_error(
            "500 Internal Server Error",
            "InternalErrorException",
            "injected server error",
        ),
        Some(Fault::Throttle) => {
            aws_error("400 Bad Request", "ThrottlingException", "Rate exceeded")
        }
        Some(Fault::DropAfterForward) => {
            let _ = forward(&req, upstream);
            let _ = writer.shutdown(std::net::Shutdown::Both);
            return;
        }
        None => match forward(&req, upstream) {
            Ok(a) => a,
            Err(_) => return,
        },
    };
    let _ = writer.write_all(&answer);
}
