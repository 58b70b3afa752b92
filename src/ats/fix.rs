//! What a report tells the user to do, as a value. The library says *what* (grant a scope in
//! the ATS, run `apply` for a partner); the binary words it, so command lines are written in one
//! place, with the flags the binary really has.

use serde::Serialize;

use super::Ats;

/// One thing to do to close a shortfall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// Something to change in the ATS's own screens, in words its folder chose
    /// ("Grant Candidates: List in Dev Center → API Credentials").
    InAts(String),
    /// Create the missing `event` web hook by running `apply` for `partner` on `ats`, pointing it
    /// at `webhook_url` (`None`: the user must choose one).
    RunApply {
        partner: String,
        ats: Ats,
        event: String,
        webhook_url: Option<String>,
    },
}

/// In JSON a fix in the ATS stays the sentence it always was; a command to run is structured, so
/// scripts need not parse a command line.
impl Serialize for Fix {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct RunApply<'a> {
            run: &'static str,
            partner: &'a str,
            ats: Ats,
            event: &'a str,
            webhook_url: Option<&'a str>,
        }
        match self {
            Self::InAts(text) => serializer.serialize_str(text),
            Self::RunApply {
                partner,
                ats,
                event,
                webhook_url,
            } => RunApply {
                run: "apply",
                partner,
                ats: *ats,
                event,
                webhook_url: webhook_url.as_deref(),
            }
            .serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_stays_a_string_and_a_command_is_structured() {
        let prose = serde_json::to_value(Fix::InAts("grant it".into())).unwrap();
        assert_eq!(prose, "grant it");
        let run = serde_json::to_value(Fix::RunApply {
            partner: "hipeople".into(),
            ats: Ats::Lever,
            event: "candidateHired".into(),
            webhook_url: None,
        })
        .unwrap();
        assert_eq!(
            run,
            serde_json::json!({"run": "apply", "partner": "hipeople", "ats": "lever", "event": "candidateHired", "webhook_url": null})
        );
    }
}
