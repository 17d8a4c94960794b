//! A tiny HTTP server on a free loopback port for fetch tests, serving whatever the test
//! routes say. It runs on its own thread and runtime so any test style can use it.

use axum::Router;
use std::net::SocketAddr;

pub struct Server {
    pub addr: SocketAddr,
}

impl Server {
    pub fn start(router: Router) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, router).await.unwrap();
            });
        });
        Server { addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}
