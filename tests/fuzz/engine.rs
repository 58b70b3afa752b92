//! A small mutational fuzzer that runs as an ordinary test on the stable toolchain.
//!
//! Why not `cargo fuzz`: it needs nightly and a separate build; the suite must fuzz on the
//! toolchain CI has. Why not proptest strategies: the inputs worth trying (YAML, JSON bodies,
//! HTTP answers) are near-misses of real ones, which mutating a corpus of real files finds far
//! sooner than generating values from types — the way libFuzzer and AFL work, minus coverage
//! feedback. What a target gets:
//!
//! 1. **Replay**: every file in `tests/fuzz/corpus/<target>/` (seeds: bundled manifests, lint
//!    fixtures, Greenhouse webhook examples, recorded answers; and every crash ever found) runs
//!    on every `cargo test`.
//! 2. **Random run**: inputs made by stacking 1-8 mutations (bit flips, interesting bytes,
//!    deletions, duplications, dictionary tokens, splices of two corpus files) on a corpus file.
//!    By default a fixed seed and [`DEFAULT_CASES`] cases, so `cargo test` stays short and
//!    deterministic; `ATSCTL_FUZZ_SECONDS=N` runs each target for N seconds from a fresh seed
//!    (`.ci/run` does), and `ATSCTL_FUZZ_SEED=S` repeats a run.
//! 3. **Crashes are kept**: an input that panics (or runs past [`CASE_BOUND`]) is shrunk and
//!    written to the corpus as `crash-<hash>` before the test fails, so committing it makes it
//!    a regression case. An input that kills the process outright (an abort, a stack overflow)
//!    is left in `<CARGO_TARGET_TMPDIR>/fuzz/<target>.inflight`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Random cases per target in a plain `cargo test` (fixed seed).
pub(super) const DEFAULT_CASES: u64 = 200;
/// The longest one input may take before it counts as a hang; generous for a debug build on a
/// loaded machine, where a normal case takes milliseconds.
pub(super) const CASE_BOUND: Duration = Duration::from_secs(30);
/// Inputs grow no larger than this through mutation.
const MAX_INPUT_BYTES: usize = 64 * 1024;

/// One thing to fuzz: a name (its corpus folder), the function that must never panic on any
/// input, and tokens worth inserting.
pub(super) struct Target {
    pub(super) name: &'static str,
    pub(super) run: fn(&[u8]),
    pub(super) dictionary: &'static [&'static str],
}

/// Replays the target's corpus, then runs the random cases, and prints one summary line with the
/// seed (the line `.ci/run` shows, and what repeats a run). Panics (failing the test) with
/// the saved crash's path when an input panics or hangs.
#[allow(clippy::print_stderr)]
pub(super) fn fuzz(target: &Target) {
    let corpus_dir = corpus_dir(target.name);
    let corpus = load_corpus(&corpus_dir);
    assert!(!corpus.is_empty(), "no corpus in {}", corpus_dir.display());
    let mut runner = Runner::new(target);
    for (path, input) in &corpus {
        if let Err(failure) = runner.run(input) {
            panic!(
                "fuzz target `{}`: corpus file {} {failure}",
                target.name,
                path.display()
            );
        }
    }
    let (seed, budget) = settings();
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let inputs: Vec<&[u8]> = corpus.iter().map(|(_, input)| input.as_slice()).collect();
    let mut cases = 0u64;
    while match budget {
        Budget::Cases(count) => cases < count,
        Budget::Time(time) => started.elapsed() < time,
    } {
        cases += 1;
        let input = mutate(&mut rng, &inputs, target.dictionary);
        if let Err(failure) = runner.run(&input) {
            let (input, failure) = if failure.hang {
                (input, failure)
            } else {
                shrink(&mut runner, input, failure)
            };
            let saved = save_crash(&corpus_dir, &input);
            panic!(
                "fuzz target `{}` (seed {seed}, case {cases}): {failure}; the input is saved as {} — commit it to keep it as a regression case",
                target.name,
                saved.display()
            );
        }
    }
    eprintln!(
        "fuzz target `{}`: {} corpus files and {cases} random cases in {:.1} s (seed {seed})",
        target.name,
        corpus.len(),
        started.elapsed().as_secs_f64()
    );
}

pub(super) fn corpus_dir(target: &str) -> PathBuf {
    crate::support::repo_root().join("tests/fuzz/corpus").join(target)
}

fn load_corpus(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
            (path, bytes)
        })
        .collect()
}

enum Budget {
    Cases(u64),
    Time(Duration),
}

fn settings() -> (u64, Budget) {
    let seconds = std::env::var("ATSCTL_FUZZ_SECONDS")
        .ok()
        .and_then(|value| value.trim().parse::<u64>().ok());
    let seed = std::env::var("ATSCTL_FUZZ_SEED")
        .ok()
        .and_then(|value| value.trim().parse::<u64>().ok());
    match seconds {
        // A time budget explores: a fresh seed each run unless one is given.
        Some(seconds) => {
            let fresh = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |since| {
                    u64::try_from(since.as_nanos() % u128::from(u64::MAX)).unwrap_or(1)
                });
            (seed.unwrap_or(fresh), Budget::Time(Duration::from_secs(seconds)))
        }
        None => (seed.unwrap_or(0x5eed_a75c_7100), Budget::Cases(DEFAULT_CASES)),
    }
}

/// Why an input failed.
#[derive(Debug)]
struct Failure {
    message: String,
    hang: bool,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.hang {
            write!(f, "ran longer than {} ms", self.message)
        } else {
            write!(f, "panicked: {}", self.message)
        }
    }
}

/// Inputs to the worker thread, and its outcomes (a panic's message).
type Worker = (mpsc::Sender<Vec<u8>>, mpsc::Receiver<Result<(), String>>);

/// Runs inputs on a worker thread, so a hang is caught by a bounded wait instead of hanging the
/// suite, and keeps the input in flight on disk in case the process dies.
struct Runner {
    run: fn(&[u8]),
    bound: Duration,
    inflight: PathBuf,
    worker: Option<Worker>,
}

impl Runner {
    fn new(target: &Target) -> Self {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
        let _ = std::fs::create_dir_all(&dir);
        Self {
            run: target.run,
            bound: CASE_BOUND,
            inflight: dir.join(format!("{}.inflight", target.name)),
            worker: None,
        }
    }

    fn run(&mut self, input: &[u8]) -> Result<(), Failure> {
        // Written before the run: if the process dies, this is the input that killed it.
        let _ = std::fs::write(&self.inflight, input);
        let run = self.run;
        let (inputs, results) = self.worker.get_or_insert_with(|| {
            let (input_tx, input_rx) = mpsc::channel::<Vec<u8>>();
            let (result_tx, result_rx) = mpsc::channel();
            std::thread::spawn(move || {
                for input in input_rx {
                    let outcome = catch_unwind(AssertUnwindSafe(|| run(&input))).map_err(|payload| {
                        payload
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| payload.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                            .unwrap_or_else(|| "a panic without a message".to_owned())
                    });
                    if result_tx.send(outcome).is_err() {
                        break;
                    }
                }
            });
            (input_tx, result_rx)
        });
        if inputs.send(input.to_vec()).is_err() {
            return Err(Failure {
                message: "the worker thread is gone".to_owned(),
                hang: false,
            });
        }
        match results.recv_timeout(self.bound) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(Failure { message, hang: false }),
            Err(_) => {
                // The worker is stuck on this input; a new one serves any later input.
                self.worker = None;
                Err(Failure {
                    message: self.bound.as_millis().to_string(),
                    hang: true,
                })
            }
        }
    }
}

/// Makes a panicking input smaller while it still panics: removes halves, quarters, ... of it,
/// then single bytes, within a bounded number of tries.
fn shrink(runner: &mut Runner, mut input: Vec<u8>, mut failure: Failure) -> (Vec<u8>, Failure) {
    let mut tries = 0;
    let mut chunk = input.len() / 2;
    while chunk > 0 && tries < 2_000 {
        let mut start = 0;
        while start < input.len() && tries < 2_000 {
            tries += 1;
            let end = (start + chunk).min(input.len());
            let mut smaller = input[..start].to_vec();
            smaller.extend_from_slice(&input[end..]);
            match runner.run(&smaller) {
                Err(still) if !still.hang => {
                    input = smaller;
                    failure = still;
                }
                _ => start += chunk,
            }
        }
        chunk /= 2;
    }
    (input, failure)
}

fn save_crash(dir: &Path, input: &[u8]) -> PathBuf {
    // FNV-1a: a stable name, so the same crash found twice is one file.
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = dir.join(format!("crash-{hash:016x}"));
    std::fs::write(&path, input).unwrap_or_else(|error| panic!("saving {}: {error}", path.display()));
    path
}

/// SplitMix64: small, fast, and the same sequence for the same seed everywhere.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which must not be 0).
    pub(super) fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % bound as u64).unwrap_or(0)
    }
}

/// Bytes that often sit at the edge of a parser's cases.
const INTERESTING: &[u8] = b"\0\xff\x7f\x80\xc3\xa9\n\r\t :-[]{},\"'&*!#|>%@`?\\";

fn mutate(rng: &mut Rng, corpus: &[&[u8]], dictionary: &[&str]) -> Vec<u8> {
    let mut input = corpus[rng.below(corpus.len())].to_vec();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let position = if input.is_empty() {
            0
        } else {
            rng.below(input.len() + 1)
        };
        match rng.below(8) {
            0 if !input.is_empty() => {
                let at = position.min(input.len() - 1);
                input[at] ^= 1 << rng.below(8);
            }
            1 if !input.is_empty() => {
                let at = position.min(input.len() - 1);
                input[at] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 if !input.is_empty() => {
                let end = (position + 1 + rng.below(32)).min(input.len());
                input.drain(position.min(end)..end);
            }
            3 if !input.is_empty() => {
                let start = rng.below(input.len());
                let end = (start + 1 + rng.below(64)).min(input.len());
                let copy = input[start..end].to_vec();
                input.splice(position..position, copy);
            }
            4 if !dictionary.is_empty() => {
                let token = dictionary[rng.below(dictionary.len())].as_bytes();
                input.splice(position..position, token.iter().copied());
            }
            5 => {
                // Splice: this input up to a point, another corpus file from a point.
                let other = corpus[rng.below(corpus.len())];
                let from = if other.is_empty() { 0 } else { rng.below(other.len()) };
                input.truncate(position);
                input.extend_from_slice(&other[from..]);
            }
            6 => input.truncate(position),
            _ => {
                let byte = INTERESTING[rng.below(INTERESTING.len())];
                input.insert(position, byte);
            }
        }
        input.truncate(MAX_INPUT_BYTES);
    }
    input
}

#[test]
fn the_rng_repeats_for_a_seed_and_mutations_stay_bounded() {
    let mut first = Rng::new(7);
    let mut second = Rng::new(7);
    assert_eq!(
        (0..5).map(|_| first.next()).collect::<Vec<_>>(),
        (0..5).map(|_| second.next()).collect::<Vec<_>>()
    );
    let big = vec![b'a'; MAX_INPUT_BYTES];
    let corpus: Vec<&[u8]> = vec![&big, b"key: value\n"];
    let mut rng = Rng::new(1);
    let mut changed = 0;
    for _ in 0..500 {
        let input = mutate(&mut rng, &corpus, &["token"]);
        assert!(input.len() <= MAX_INPUT_BYTES);
        changed += usize::from(input != big && input != b"key: value\n");
    }
    assert!(changed > 400, "mutations change inputs ({changed} of 500)");
}

#[test]
fn a_panicking_input_is_shrunk_to_what_makes_it_panic() {
    fn panics_on_x(input: &[u8]) {
        assert!(!input.contains(&b'X'), "found an X");
    }
    let target = Target {
        name: "self-test",
        run: panics_on_x,
        dictionary: &[],
    };
    let mut runner = Runner::new(&target);
    assert!(runner.run(b"fine").is_ok());
    let input = b"a long input with one X somewhere in it".to_vec();
    let failure = runner.run(&input).expect_err("panics");
    let (small, failure) = shrink(&mut runner, input, failure);
    assert_eq!(small, b"X");
    assert!(failure.message.contains("found an X"), "{}", failure.message);
    assert!(runner.run(b"still serving").is_ok(), "the worker survives a panic");
}

#[test]
fn a_hanging_input_fails_after_the_bound_and_the_runner_goes_on() {
    fn hangs_on_h(input: &[u8]) {
        if input == b"h" {
            // Parked for good: nothing ever unparks this thread.
            loop {
                std::thread::park();
            }
        }
    }
    let target = Target {
        name: "self-test-hang",
        run: hangs_on_h,
        dictionary: &[],
    };
    let mut runner = Runner::new(&target);
    runner.bound = Duration::from_millis(200);
    let failure = runner.run(b"h").expect_err("hangs");
    assert!(failure.hang);
    assert!(runner.run(b"fine").is_ok(), "a new worker takes over");
}
