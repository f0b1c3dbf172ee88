// Package press crawls trade press and agency press releases: HTML sites
// (listing pages → article pages, CSS selectors or readability) with
// NewHTML, and RSS 2.0 / Atom / JSON Feed with NewFeed. LookupPreset gives
// ready-made configs for China.Table, BIS press releases and the Federal
// Register's RSS, so a user's config needs no selectors.
//
// Politeness: fetching goes through the shared fetch client
// (fetch.Client, colly underneath) with robots.txt honoured (a
// disallowed URL is never requested), per-host parallelism and rate,
// retries with backoff and Retry-After on 429/5xx, a timeout, an honest
// User-Agent, no cookies and a body limit that fails the URL with
// crawler.ErrBodyTooLarge instead of truncating.
//
// Change detection: article pages are fetched with If-None-Match /
// If-Modified-Since from crawler.Validators (the store); a 304 counts as
// crawler.Page.Unchanged and emits nothing, a 200 reports its validators in
// crawler.Page.Validators with the document. The store's content hash is
// the final arbiter of a new version.
//
// Identity: a document's URL is its canonical URL (rel=canonical, tracking
// parameters and fragment removed, see CanonicalURL) and its ID is
// DocumentID(source, url), so one article reached through several links is
// one document.
//
// Honesty: a page behind a paywall (Article.PaywallSelector), with a TDM
// reservation (/.well-known/tdmrep.json rule, tdm-reservation meta tag or
// header) or from a TeaserOnly source becomes a teaser document
// (doc.Document.Teaser): headline, teaser (at most 600 characters), date and
// link, no body. Paywalled content is removed before anything is read.
//
// Failures: a page that cannot be fetched or read fails only itself
// (crawler.Page.Failed); an HTML crawl fails only if no listing page could be
// read, a feed crawl if the feed cannot be fetched or parsed.
package press
