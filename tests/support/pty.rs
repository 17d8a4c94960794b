//! The real binary in a pseudo-terminal: its screen read through a VT100 parser on a thread,
//! keys written as a person types them, and waits on what the screen shows (never sleeps).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Screen {
    pub parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    pub keystrokes: usize,
}

impl Screen {
    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.text();
            if text.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited 30 s for {needle:?}; the screen shows:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn wait_gone(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.text().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "waited 30 s for {needle:?} to go; the screen shows:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits (up to 10 s) until the reader thread has fed the parser the wizard's last bytes
    /// and the terminal has left the alternate screen: the process may exit before its final
    /// output has been read. The caller then asserts what it expects of the screen.
    pub fn settle_after_exit(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.parser.lock().unwrap().screen().alternate_screen() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// A key that counts (Enter, arrows); typing names and URLs does not.
    pub fn key(&mut self, bytes: &[u8]) {
        self.keystrokes += 1;
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn type_text(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }
}

pub type Spawned = (
    Screen,
    Box<dyn portable_pty::Child + Send + Sync>,
    Box<dyn portable_pty::MasterPty + Send>,
);

/// `cmd` in a fresh `cols`x`rows` pseudo-terminal, its screen read on a thread.
pub fn spawn_in_pty(cmd: CommandBuilder, cols: u16, rows: u16) -> Spawned {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    (attach(&*pty.master, rows, cols), child, pty.master)
}

pub fn attach(master: &dyn portable_pty::MasterPty, rows: u16, cols: u16) -> Screen {
    let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
    let mut reader = master.try_clone_reader().unwrap();
    let feed = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().unwrap().process(&buf[..n]);
        }
    });
    Screen {
        parser,
        writer: master.take_writer().unwrap(),
        keystrokes: 0,
    }
}

pub fn wait_exit(
    child: &mut Box<dyn portable_pty::Child + Send + Sync>,
) -> portable_pty::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st;
        }
        assert!(Instant::now() < deadline, "the wizard did not exit");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// From Welcome, with credentials resolving: the doctor row, its findings (the client lacks
/// the provider), then `f`, up to the review of the fixes (nothing written yet).
pub fn doctor_then_fix(s: &mut Screen) {
    s.wait_for("✓ resolved");
    s.key(b"\x1b[F"); // End: the doctor row
    s.key(b"\r");
    s.wait_for("provider-not-enabled");
    s.key(b"f");
    s.wait_for("Nothing has been written to AWS yet");
}
