package server

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

// GPO text wraps every Federal Register document in the same lines; a
// snippet made of them says nothing about the document.
var (
	bracketed  = regexp.MustCompile(`\[[^\[\]]{0,120}\]`)
	boilerTag  = regexp.MustCompile(`</?mark>`)
	boilerHead = regexp.MustCompile(`(?i)^\s*(federal register volume|rules and regulations|proposed rules|notices|presidential documents|pages?\s|page\s|fr doc|docket|docid|www\.gpo\.gov|fr doc no|billing code)`)
	boilerText = regexp.MustCompile(`(?i)` + marked(`From the Federal Register Online via the Government (?:Publishing|Printing) Office`) +
		`|` + marked(`BILLING CODE(?: [0-9A-Z][0-9A-Z-]*)?`) + `|` + marked(`BILLING`) + `\s*…\s*$`)
	spaces = regexp.MustCompile(`\s+`)
)

// marked lets a pattern's words carry the <mark> tags of a snippet:
// "BILLING CODE" also matches "<mark>BILLING</mark> CODE".
func marked(pattern string) string {
	const tag = `(?:</?mark>)*`
	return tag + strings.ReplaceAll(pattern, " ", tag+`\s+`+tag) + tag
}

// minSnippetLetters is how much text must remain for a snippet to be
// worth showing once the boilerplate is gone.
const minSnippetLetters = 20

// cleanSnippet removes Federal Register boilerplate ("[Federal Register
// Volume 90, Number 9]", "[Rules and Regulations]", "BILLING CODE
// 3510-33-P") from an HTML snippet, keeping its <mark>s. It returns ""
// when nothing worth reading remains.
func cleanSnippet(snippet string) string {
	out := bracketed.ReplaceAllStringFunc(snippet, func(m string) string {
		if boilerHead.MatchString(boilerTag.ReplaceAllString(m[1:len(m)-1], "")) {
			return " "
		}
		return m
	})
	out = boilerText.ReplaceAllString(out, " ")
	out = strings.TrimSpace(spaces.ReplaceAllString(out, " "))
	out = strings.TrimLeft(out, " …")
	out = strings.TrimSpace(out)
	letters := 0
	for _, r := range html.UnescapeString(boilerTag.ReplaceAllString(out, "")) {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < minSnippetLetters {
		return ""
	}
	return out
}

// fallbackSnippet is the escaped start of a document's abstract (or, for
// documents without one, its body after the boilerplate), for hits whose
// snippet was all boilerplate.
func fallbackSnippet(abstract, body string) string {
	text := abstract
	if strings.TrimSpace(text) == "" {
		text = body
	}
	text = cleanSnippet(html.EscapeString(text))
	text = html.UnescapeString(text)
	const width = 240
	if r := []rune(text); len(r) > width {
		cut := string(r[:width])
		if i := strings.LastIndexByte(cut, ' '); i > width/2 {
			cut = cut[:i]
		}
		text = cut + " …"
	}
	return html.EscapeString(text)
}
