//! Asking the person at the keyboard — or, when stdin is not a terminal, reading the answers from
//! stdin one line each, so scripts and tests can drive the same questions.

use std::io::{self, BufRead};

use super::Output;

/// Where answers come from.
pub(crate) trait Ask {
    /// A secret: hidden input on a terminal, one line of stdin otherwise. `None` at end of input.
    fn secret(&mut self, output: &mut Output, prompt: &str) -> io::Result<Option<String>>;
    /// One visible line. `None` at end of input.
    fn line(&mut self, output: &mut Output, prompt: &str) -> io::Result<Option<String>>;
}

/// The asker for this process: a terminal when stdin is one, stdin lines otherwise.
pub(crate) fn for_stdin(output: &Output) -> Box<dyn Ask> {
    if output.stdin_is_terminal() {
        Box::new(Terminal)
    } else {
        Box::new(StdinLines)
    }
}

/// A person at a terminal.
struct Terminal;

impl Ask for Terminal {
    fn secret(&mut self, _output: &mut Output, prompt: &str) -> io::Result<Option<String>> {
        let answer = dialoguer::Password::new()
            .with_prompt(prompt)
            .allow_empty_password(true)
            .report(false)
            .interact();
        match answer {
            Ok(value) => Ok(Some(value)),
            Err(dialoguer::Error::IO(error)) if error.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
            Err(dialoguer::Error::IO(error)) => Err(error),
        }
    }

    fn line(&mut self, output: &mut Output, prompt: &str) -> io::Result<Option<String>> {
        output.prompt(&format!("{prompt} "));
        let answer = read_line(&mut io::stdin().lock())?;
        if answer.is_none() {
            // Ctrl-D leaves the cursor after the question.
            output.prompt("\n");
        }
        Ok(answer)
    }
}

/// Answers piped in: each line answers one question, and is echoed after the question so a log
/// of the run reads like the conversation. Stdin is locked per read, never held: other readers
/// (a `--*-stdin` secret) take their turn.
struct StdinLines;

impl Ask for StdinLines {
    fn secret(&mut self, output: &mut Output, prompt: &str) -> io::Result<Option<String>> {
        output.prompt(&format!("{prompt}: (read from stdin)\n"));
        read_line(&mut io::stdin().lock())
    }

    fn line(&mut self, output: &mut Output, prompt: &str) -> io::Result<Option<String>> {
        output.prompt(&format!("{prompt} "));
        let answer = read_line(&mut io::stdin().lock())?;
        output.prompt(&format!("{}\n", answer.as_deref().unwrap_or("(end of input)")));
        Ok(answer)
    }
}

/// One line without its line ending; `None` at end of input.
fn read_line(reader: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_owned()))
}

/// All of stdin as one secret (for `--client-secret-stdin` / `--api-key-stdin`): surrounding
/// whitespace and the final line ending are dropped; more than one line is refused.
pub(crate) fn read_secret_from_stdin(what: &str) -> Result<String, String> {
    read_secret(io::stdin().lock(), what)
}

/// The longest secret read from stdin. Access tokens are JWTs of a few kilobytes; anything far
/// longer is a wrong pipe (a file, a log), refused rather than held in memory whole.
const MAX_STDIN_SECRET: u64 = 64 * 1024;

fn read_secret(reader: impl io::Read, what: &str) -> Result<String, String> {
    let mut text = String::new();
    io::Read::read_to_string(&mut io::Read::take(reader, MAX_STDIN_SECRET + 1), &mut text)
        .map_err(|error| format!("cannot read the {what} from stdin: {error}"))?;
    if text.len() as u64 > MAX_STDIN_SECRET {
        return Err(format!(
            "more than {} KiB on stdin: that is no {what}",
            MAX_STDIN_SECRET / 1024
        ));
    }
    let value = text.trim();
    if value.is_empty() {
        return Err(format!("no {what} on stdin"));
    }
    if value.contains(['\n', '\r']) {
        return Err(format!("the {what} on stdin spans several lines; pass exactly one"));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piped_secret_is_one_trimmed_line_of_bounded_length() {
        let read = |input: &[u8]| read_secret(input, "token");
        assert_eq!(read(b"  abc.def.ghi\n"), Ok("abc.def.ghi".to_owned()));
        assert_eq!(read(b"\n"), Err("no token on stdin".to_owned()));
        assert!(read(b"one\ntwo\n").unwrap_err().contains("several lines"));
        let longest = vec![b'x'; usize::try_from(MAX_STDIN_SECRET).unwrap()];
        assert_eq!(read(&longest).map(|secret| secret.len()), Ok(longest.len()));
        let mut too_long = longest.clone();
        too_long.push(b'x');
        assert_eq!(
            read(&too_long),
            Err("more than 64 KiB on stdin: that is no token".to_owned())
        );
    }
}
