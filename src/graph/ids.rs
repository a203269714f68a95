//! Typed ids of the things in the site graph, and vectors indexed by them: `site.pages[page]`
//! takes a `PageId`, and a `DirectiveId` cannot index the pages by mistake.
//!
//! Written by hand (a macro and one generic vector, no dependency): the crates that do this
//! (`index_vec`, `typed-index-collections`) bring more than the few operations needed here.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// An id that is the position of a thing in its `IdVec`.
pub trait Id: Copy + Eq + Ord {
    fn from_index(i: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The id of the thing at position `i` (a site has far fewer than 2³² of them).
            pub fn new(i: usize) -> Self {
                Self(u32::try_from(i).unwrap_or(u32::MAX))
            }

            /// Its position in the vector of its things.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl Id for $name {
            fn from_index(i: usize) -> Self {
                Self::new(i)
            }
            fn index(self) -> usize {
                self.index()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    };
}

id!(
    /// A page (any kind) of `Site::pages`, which are sorted by URL.
    PageId
);
id!(
    /// A directive (a document cited or described) of `Citator::directives`.
    DirectiveId
);
id!(
    /// An event or deadline of `Calendar::events`.
    EventId
);
id!(
    /// A name running text can mention of `Links::named`.
    NameId
);
id!(
    /// An agency of `Agencies::list`.
    AgencyId
);

/// A numbered thing within one page (0-based), shown 1-based in its anchor.
macro_rules! ordinal {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            pub fn new(i: usize) -> Self {
                Self(u32::try_from(i).unwrap_or(u32::MAX))
            }
            pub fn index(self) -> usize {
                self.0 as usize
            }
            /// 1-based, as anchors count.
            pub fn number(self) -> usize {
                self.index() + 1
            }
        }
    };
}

ordinal!(
    /// The `n`th citation (0-based) of a page's findings: its anchor in the page is
    /// `routes::citation_anchor(n.number())`.
    CitationNo
);
ordinal!(
    /// The `n`th deadline (0-based) found in a page's text: its anchor in the page is
    /// `routes::deadline_anchor(n.number())`.
    DeadlineNo
);

/// A vector indexed by an id type.
#[derive(Clone, PartialEq, Eq)]
pub struct IdVec<I, T> {
    raw: Vec<T>,
    _id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    pub fn new() -> Self {
        Self::from_vec(Vec::new())
    }

    pub fn from_vec(raw: Vec<T>) -> Self {
        IdVec {
            raw,
            _id: PhantomData,
        }
    }

    /// `n` copies of `value`, one per id `0..n`.
    pub fn filled(value: T, n: usize) -> Self
    where
        T: Clone,
    {
        Self::from_vec(vec![value; n])
    }

    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    pub fn get(&self, id: I) -> Option<&T> {
        self.raw.get(id.index())
    }

    /// Adds `value`, giving its id.
    pub fn push(&mut self, value: T) -> I {
        let id = I::from_index(self.raw.len());
        self.raw.push(value);
        id
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.raw.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.raw.iter_mut()
    }

    /// Every (id, value), in id order.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.raw
            .iter()
            .enumerate()
            .map(|(i, v)| (I::from_index(i), v))
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator {
        (0..self.raw.len()).map(I::from_index)
    }

    pub fn as_slice(&self) -> &[T] {
        &self.raw
    }

    pub fn into_vec(self) -> Vec<T> {
        self.raw
    }

    /// Sorts the values (their ids change accordingly).
    pub fn sort_by(&mut self, f: impl FnMut(&T, &T) -> std::cmp::Ordering) {
        self.raw.sort_by(f);
    }

    pub fn retain(&mut self, f: impl FnMut(&T) -> bool) {
        self.raw.retain(f);
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<I: Id, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.raw[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.raw[id.index()]
    }
}

impl<I: Id, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Self::from_vec(iter.into_iter().collect())
    }
}

impl<'a, I: Id, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter()
    }
}

impl<'a, I: Id, T> IntoIterator for &'a mut IdVec<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter_mut()
    }
}

impl<I: Id, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.raw.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_index_their_own_vector() {
        let mut pages: IdVec<PageId, &str> = IdVec::new();
        let a = pages.push("a");
        let b = pages.push("b");
        assert_eq!((a.index(), b.index()), (0, 1));
        assert_eq!(pages[b], "b");
        assert_eq!(
            pages.iter_enumerated().collect::<Vec<_>>(),
            vec![(a, &"a"), (b, &"b")]
        );
        assert_eq!(pages.ids().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(CitationNo::new(0).number(), 1);
        assert_eq!(format!("{b:?}"), "PageId(1)");
    }
}
