//! `touch_pages N`: allocates N heap blocks of 4,000 bytes, writes each and keeps them, so the
//! heap grows by N fresh pages. Run in turn with N = 0 by `interleaved`, the difference says what
//! a first touch of a heap page (a page fault) costs on this machine; bench/startup.sh prints it.

fn main() {
    let pages: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(0);
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(pages);
    for _ in 0..pages {
        kept.push(vec![1; 4000]);
    }
    println!("{}", kept.len());
    // The blocks stay allocated to the end, as a command's data does.
    std::mem::forget(kept);
}
