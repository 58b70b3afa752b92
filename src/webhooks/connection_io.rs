//! One receiver connection's socket, as hyper sees it, with the two things hyper does not keep
//! track of itself:
//!
//! - a bound on writing: a client that stops reading its answers would otherwise hold the
//!   connection (and its buffers) forever, since hyper has no write timeout. An answer that
//!   makes no progress for the write timeout ends the connection with `TimedOut`.
//! - whether request bytes arrived since the last answer went out, so that when hyper's header
//!   deadline closes the connection the receiver can tell a client caught mid-request (it gets a
//!   408) from a kept-alive connection that was merely idle (closed without a word).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// A connection's stream (a `TcpStream` in the receiver) with a write deadline and a note of
/// unanswered request bytes.
pub(super) struct ConnectionIo<S> {
    stream: S,
    write_timeout: Duration,
    /// Set while a write is blocked: when the client has taken nothing by then, give up.
    write_deadline: Option<Pin<Box<Sleep>>>,
    read_since_write: bool,
}

impl<S> ConnectionIo<S> {
    pub(super) fn new(stream: S, write_timeout: Duration) -> Self {
        Self {
            stream,
            write_timeout,
            write_deadline: None,
            read_since_write: false,
        }
    }

    /// Bytes of a request arrived after the last answer (or there was no answer yet).
    pub(super) fn read_since_write(&self) -> bool {
        self.read_since_write
    }

    /// A write made progress (or failed): the clock restarts at the next blocked write.
    fn wrote(&mut self, result: &io::Result<usize>) {
        self.write_deadline = None;
        if matches!(result, Ok(written) if *written > 0) {
            self.read_since_write = false;
        }
    }

    /// A write is blocked: pending until the deadline, then an error that ends the connection.
    fn blocked<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let timeout = self.write_timeout;
        let deadline = self
            .write_deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client took none of the answer in time",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for ConnectionIo<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.read_since_write = true;
        }
        result
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for ConnectionIo<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_write(cx, buf) {
            Poll::Ready(result) => {
                this.wrote(&result);
                Poll::Ready(result)
            }
            Poll::Pending => this.blocked(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_write_vectored(cx, bufs) {
            Poll::Ready(result) => {
                this.wrote(&result);
                Poll::Ready(result)
            }
            Poll::Pending => this.blocked(cx),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_flush(cx) {
            Poll::Ready(result) => Poll::Ready(result),
            Poll::Pending => this.blocked(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_shutdown(cx) {
            Poll::Ready(result) => Poll::Ready(result),
            Poll::Pending => this.blocked(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

    #[tokio::test(start_paused = true)]
    async fn an_answer_nobody_reads_ends_the_connection_at_the_write_deadline() {
        // The client end holds 64 bytes and never reads: the 65th byte cannot be written.
        let (_client, server) = tokio::io::duplex(64);
        let mut io = ConnectionIo::new(server, WRITE_TIMEOUT);
        let started = tokio::time::Instant::now();
        let error = io.write_all(&[b'x'; 1024]).await.expect_err("the write cannot finish");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert_eq!(started.elapsed(), WRITE_TIMEOUT, "no sooner, no later (paused clock)");
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_reader_that_keeps_taking_bytes_is_not_cut_off() {
        let (mut client, server) = tokio::io::duplex(64);
        let mut io = ConnectionIo::new(server, WRITE_TIMEOUT);
        let reader = tokio::spawn(async move {
            let mut taken = Vec::new();
            let mut chunk = [0_u8; 64];
            while taken.len() < 1024 {
                // Slower than the deadline in total, never stalled for a whole deadline.
                tokio::time::sleep(WRITE_TIMEOUT / 2).await;
                let read = client.read(&mut chunk).await.expect("read");
                taken.extend_from_slice(&chunk[..read]);
            }
            taken.len()
        });
        io.write_all(&[b'x'; 1024]).await.expect("every byte is taken in time");
        assert_eq!(reader.await.expect("reader"), 1024);
    }

    #[tokio::test]
    async fn request_bytes_are_unanswered_until_an_answer_is_written() {
        let (mut client, server) = tokio::io::duplex(1024);
        let mut io = ConnectionIo::new(server, WRITE_TIMEOUT);
        assert!(!io.read_since_write(), "nothing arrived yet");
        client.write_all(b"POST / HT").await.expect("write");
        let mut buffer = [0_u8; 16];
        let read = io.read(&mut buffer).await.expect("read");
        assert_eq!(&buffer[..read], b"POST / HT");
        assert!(io.read_since_write());
        io.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await.expect("write");
        assert!(!io.read_since_write(), "answered");
    }
}
