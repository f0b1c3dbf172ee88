package press

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// decodeHTML converts an HTML body to UTF-8 following the HTML encoding
// sniffing rules: BOM, then the Content-Type charset, then <meta charset> in
// the first 1024 bytes, then UTF-8 if valid, else windows-1252.
func decodeHTML(body []byte, contentType string) ([]byte, error) {
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name == "utf-8" {
		if !utf8.Valid(body) {
			return bytes.ToValidUTF8(body, []byte("\uFFFD")), nil
		}
		return body, nil
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(body)))
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return out, nil
}

// mediaType returns the media type of a Content-Type header, lower case.
func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return mt
}

var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "section": true, "article": true, "header": true,
	"footer": true, "table": true, "tr": true, "pre": true, "figure": true,
	"figcaption": true, "dd": true, "dt": true, "dl": true, "main": true,
	"aside": true, "nav": true, "hr": true, "td": true, "th": true,
}

var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "template": true, "svg": true, "iframe": true}

// nodesText renders nodes as plain text: one paragraph per block element,
// whitespace collapsed, paragraphs separated by a blank line.
func nodesText(nodes ...*html.Node) string {
	var paras []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			paras = append(paras, s)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipTags[n.Data] {
				return
			}
			if blockTags[n.Data] {
				flush()
				defer flush()
			}
		case html.CommentNode:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
		flush()
	}
	return strings.Join(paras, "\n\n")
}

// selText is nodesText of a selection.
func selText(s *goquery.Selection) string { return nodesText(s.Nodes...) }

// inlineText is the text of a selection on one line.
func inlineText(s *goquery.Selection) string {
	return strings.Join(strings.Fields(s.Text()), " ")
}

// fragmentText renders an HTML fragment (a feed's description) as text.
func fragmentText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return strings.Join(strings.Fields(s), " ")
	}
	return nodesText(nodes...)
}

// truncateRunes cuts s to at most n runes at a word boundary, adding "…".
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexAny(cut, " \n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}
