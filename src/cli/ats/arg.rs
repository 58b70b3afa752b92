//! `--ats`: its values, one per registered ATS, and the check that a flag given belongs to the
//! ATS chosen.

use atsctl::ats::Ats;

/// An `--ats` value: one per registered ATS, named by its spec's id, so a new ATS needs no
/// edit here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AtsArg(Ats);

/// Every registered ATS as a value, in the registry's order (clap lists them so in `--help`).
const ATS_VALUES: [AtsArg; Ats::ALL.len()] = {
    let mut values = [AtsArg(Ats::ALL[0]); Ats::ALL.len()];
    let mut index = 0;
    while index < values.len() {
        values[index] = AtsArg(Ats::ALL[index]);
        index += 1;
    }
    values
};

impl clap::ValueEnum for AtsArg {
    fn value_variants<'a>() -> &'a [Self] {
        &ATS_VALUES
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.as_str()))
    }
}

impl From<AtsArg> for Ats {
    fn from(arg: AtsArg) -> Self {
        arg.0
    }
}

/// `--region` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RegionArg {
    /// api.lever.co
    Us,
    /// api.eu.lever.co
    Eu,
}

/// The flags `given` (in the order to report them) that `ats` does not take, each with an ATS
/// that does. A flag no ATS claims is common to all and never misplaced.
pub(crate) fn misplaced_flags<'a>(ats: Ats, given: &[(bool, &'a str)]) -> Vec<(&'a str, Ats)> {
    given
        .iter()
        .filter(|(given, flag)| *given && !ats.spec().own_flags.contains(flag))
        .filter_map(|(_, flag)| {
            Ats::ALL
                .into_iter()
                .find(|other| other.spec().own_flags.contains(flag))
                .map(|owner| (*flag, owner))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum as _;

    #[test]
    fn every_ats_has_an_argument_named_as_it() {
        let names: Vec<String> = AtsArg::value_variants()
            .iter()
            .map(|arg| arg.to_possible_value().unwrap().get_name().to_owned())
            .collect();
        let registered: Vec<&str> = Ats::ALL.iter().map(|ats| ats.as_str()).collect();
        assert_eq!(names, registered);
        for arg in AtsArg::value_variants() {
            assert_eq!(Ats::from(*arg).as_str(), arg.to_possible_value().unwrap().get_name());
        }
    }

    #[test]
    fn a_flag_of_another_ats_is_misplaced_and_a_common_one_is_not() {
        let given = [
            (true, "--region"),
            (true, "--profile"),
            (false, "--api"),
            (true, "--client-id"),
        ];
        let owner_of = |flag: &str| Ats::ALL.into_iter().find(|ats| ats.spec().own_flags.contains(&flag));
        for ats in Ats::ALL {
            let misplaced = misplaced_flags(ats, &given);
            for (flag, owner) in &misplaced {
                assert_ne!(*owner, ats, "{flag}");
                assert_eq!(owner_of(flag), Some(*owner));
            }
            assert!(
                misplaced
                    .iter()
                    .all(|(flag, _)| *flag != "--profile" && *flag != "--api")
            );
            let expected = ["--region", "--client-id"]
                .into_iter()
                .filter(|flag| !ats.spec().own_flags.contains(flag))
                .count();
            assert_eq!(misplaced.len(), expected, "{ats:?}");
        }
    }
}
