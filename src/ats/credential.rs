//! A credential resolved for one ATS, held by code that must not know which ATS it is for.
//!
//! The commands and the wizard find a credential (environment, stdin, a profile, a prompt), show
//! where it came from, and hand it back to the ATS's own code to use. Only that ATS's folder
//! looks inside: it implements [`ResolvedCredential`] for its own type (`ResolvedGreenhouse`,
//! `ResolvedLever`, `ResolvedAshby`) and gets it back with [`Credential::get`]. Everyone else
//! sees the ATS, a description that never holds the secret, and the secret's origin.

use std::any::Any;
use std::fmt;

use super::Ats;
use crate::profile::Origin;

/// What every ATS's resolved credential tells code that does not know its type.
pub trait ResolvedCredential: Any + Send + Sync + fmt::Debug {
    /// The ATS it is for.
    fn ats(&self) -> Ats;
    /// The credential as messages name it, with where its secret came from; never the secret.
    fn describe(&self) -> String;
    /// Where the secret came from.
    fn secret_origin(&self) -> &Origin;
    /// A copy in a box, so a [`Credential`] can be cloned.
    fn clone_boxed(&self) -> Box<dyn ResolvedCredential>;
}

/// A resolved credential of some ATS.
pub struct Credential {
    inner: Box<dyn ResolvedCredential>,
}

impl Credential {
    pub fn new<T: ResolvedCredential>(resolved: T) -> Self {
        Self {
            inner: Box::new(resolved),
        }
    }

    pub fn ats(&self) -> Ats {
        self.inner.ats()
    }

    /// The credential as messages name it; never the secret.
    pub fn describe(&self) -> String {
        self.inner.describe()
    }

    pub fn secret_origin(&self) -> &Origin {
        self.inner.secret_origin()
    }

    /// The credential as its own ATS's type, when it is one: how an ATS's folder gets back what
    /// it resolved.
    pub fn get<T: ResolvedCredential>(&self) -> Option<&T> {
        let inner: &dyn Any = &*self.inner;
        inner.downcast_ref::<T>()
    }
}

impl Clone for Credential {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone_boxed(),
        }
    }
}

/// Shows the ATS and the description, which never holds the secret.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("ats", &self.ats())
            .field("describe", &self.describe())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ashby::credential::ResolvedAshby;
    use crate::http::Secret;
    use crate::lever::credential::ResolvedLever;

    #[test]
    fn only_its_own_type_comes_back_out_and_no_view_shows_the_secret() {
        let credential = Credential::new(ResolvedLever {
            api_key: Secret::new("CANARY-lever-key-1234"),
            origin: Origin::Env("ATSCTL_LEVER_API_KEY"),
            base_url: None,
            region: None,
        });
        assert_eq!(credential.ats(), Ats::Lever);
        assert!(credential.get::<ResolvedLever>().is_some());
        assert!(credential.get::<ResolvedAshby>().is_none());
        let copy = credential.clone();
        assert_eq!(copy.describe(), credential.describe());
        for view in [credential.describe(), format!("{credential:?}"), format!("{copy:?}")] {
            assert!(!view.contains("CANARY"), "{view}");
        }
        assert_eq!(credential.describe(), "Lever API key from ATSCTL_LEVER_API_KEY");
    }
}
