//! A test's view of a running preview: its server-sent events, read as they arrive, and waits
//! for the events that say the server has done something (never for a length of time).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// The longest a test waits for an event.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Subscribes to the preview's events on `port`; returns their names and data as they arrive,
/// once the server has said (`ready`) that this client hears every later event (the errors
/// of broken content come right after it).
pub fn subscribe(port: u16) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__katalog/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ")
                && tx.send((name.clone(), d.to_string())).is_err()
            {
                break;
            }
        }
    });
    expect_event(&rx, "ready");
    rx
}

/// Waits for an event called `name`, skipping others; returns its data.
pub fn expect_event(rx: &Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (n, data) = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {name} event"));
        if n == name {
            return data;
        }
    }
}

/// Waits until a round has done all of its work (`done` with `finished`; a round that stopped
/// for a newer save leaves its work to the next one); returns that round's number.
pub fn round_done(rx: &Receiver<(String, String)>) -> u64 {
    loop {
        let data = expect_event(rx, "done");
        let v: serde_json::Value = serde_json::from_str(&data).unwrap();
        if v["finished"] == true {
            return v["round"].as_u64().unwrap();
        }
    }
}

/// Forgets the events received so far.
pub fn drain(rx: &Receiver<(String, String)>) {
    while rx.try_recv().is_ok() {}
}
