//! A small HTTP server on loopback, serving an axum router on its own thread and runtime, so
//! the rehearsal's stand-ins (and the tests' ones) run beside any caller's runtime. Only
//! 127.0.0.1 is ever bound: nothing of a rehearsal is reachable from another machine.

use axum::Router;
use std::net::SocketAddr;

pub struct Server {
    pub addr: SocketAddr,
}

impl Server {
    /// On a free port; panics only if loopback itself cannot be bound (a test helper).
    pub fn start(router: Router) -> Server {
        Server::start_on(router, 0).expect("bind a free loopback port")
    }

    /// On `port` (0: a free one), or the reason it cannot be bound.
    pub fn start_on(router: Router, port: u16) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                    let _ = axum::serve(listener, router).await;
                }
            });
        });
        Ok(Server { addr })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}
