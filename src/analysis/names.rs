//! STUB until the name matcher lands (helper branch wip-refs).
pub struct NameMatcher<T> {
    names: Vec<(String, T)>,
}
impl<T: Clone> NameMatcher<T> {
    pub fn new(names: impl IntoIterator<Item = (String, T)>) -> Self {
        NameMatcher {
            names: names.into_iter().collect(),
        }
    }
    pub fn find(&self, text: &str) -> Vec<(std::ops::Range<usize>, T)> {
        let mut v = vec![];
        for (n, t) in &self.names {
            if let Some(i) = text.find(n.as_str()) {
                v.push((i..i + n.len(), t.clone()));
            }
        }
        v.sort_by_key(|x| x.0.start);
        v
    }
}
