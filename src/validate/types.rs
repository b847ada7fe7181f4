//! What valid front matter becomes: the typed metadata of a case and of a page, which the site
//! model, the views and the data files read.

use crate::diagnostics::Pos;

/// A case's front matter once valid.
#[derive(Debug, Clone, Default)]
pub struct CaseMeta {
    pub title: String,
    pub municipality: String,
    pub municipality_number: String,
    pub county: String,
    pub population: u64,
    pub model_types: Vec<String>,
    pub target_groups: Vec<String>,
    pub summary: String,
    pub period: Option<Period>,
    pub grant_nok: Option<u64>,
    pub budget: Vec<BudgetPeriod>,
    pub sdgs: Vec<u8>,
    pub contact: Option<Contact>,
    pub links: Vec<Link>,
    pub image: Option<Image>,
    pub language: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
}

/// A project's first and last month, `YYYY-MM`, the end not before the start.
#[derive(Debug, Clone)]
pub struct Period {
    pub start: String,
    pub end: String,
}

/// One period of the application's budget and its items.
#[derive(Debug, Clone)]
pub struct BudgetPeriod {
    pub period: String,
    pub items: Vec<BudgetItem>,
}

/// What money goes to, in whole kroner.
#[derive(Debug, Clone)]
pub struct BudgetItem {
    pub item: String,
    pub nok: u64,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// Where the URL stands, to report a link to a page that does not exist.
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub pos: Pos,
}

/// A plain page's (or `_index.md`'s) front matter.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    pub language: Option<String>,
    pub draft: bool,
}
