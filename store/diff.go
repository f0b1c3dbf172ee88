package store

import (
	"strconv"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/exportwatch/exportwatch/doc"
)

// readableText is what a reader of d sees, one line per line: the
// metadata the content hash covers, the title, the abstract and the body.
func readableText(d doc.Document) string {
	var b strings.Builder
	for _, kv := range [][2]string{{"Stage", d.Stage}, {"Action", d.Action}, {"Citation", d.Citation}} {
		if kv[1] != "" {
			b.WriteString(kv[0] + ": " + kv[1] + "\n")
		}
	}
	b.WriteString(d.Title + "\n")
	if d.Abstract != "" {
		b.WriteString("\n" + d.Abstract + "\n")
	}
	if d.Body != "" {
		b.WriteString("\n" + d.Body)
		if !strings.HasSuffix(d.Body, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// versionDiff is the unified diff of the readable text of prev (version
// prevVersion) against cur (version prevVersion+1).
func versionDiff(id string, prevVersion int, prev, cur doc.Document) (string, error) {
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(readableText(prev)),
		B:        difflib.SplitLines(readableText(cur)),
		FromFile: id + "@v" + strconv.Itoa(prevVersion),
		ToFile:   id + "@v" + strconv.Itoa(prevVersion+1),
		Context:  3,
	})
}
