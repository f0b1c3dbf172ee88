package federalregister

import (
	"testing"
	"time"
)

// TestDocumentDates maps the API's date fields; a malformed one is left
// out rather than failing the document.
func TestDocumentDates(t *testing.T) {
	s := newSource(t, fastConfig("http://127.0.0.1:1"))
	d, err := s.document(apiDoc{DocumentNumber: "2025-00636", PublicationDate: "2025-01-15",
		EffectiveOn: "2025-01-13", CommentsCloseOn: "2025-05-15"})
	if err != nil {
		t.Fatal(err)
	}
	if d.EffectiveOn == nil || !d.EffectiveOn.Equal(time.Date(2025, 1, 13, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("EffectiveOn = %v", d.EffectiveOn)
	}
	if d.CommentsCloseOn == nil || !d.CommentsCloseOn.Equal(time.Date(2025, 5, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("CommentsCloseOn = %v", d.CommentsCloseOn)
	}
	d, err = s.document(apiDoc{DocumentNumber: "2025-00636", PublicationDate: "2025-01-15", CommentsCloseOn: "May 15"})
	if err != nil || d.CommentsCloseOn != nil {
		t.Errorf("malformed comments_close_on: %v, %v; want no date and no error", d.CommentsCloseOn, err)
	}
	found := false
	for _, f := range requestFields() {
		found = found || f == "comments_close_on"
	}
	if !found {
		t.Error("comments_close_on is not requested")
	}
}
