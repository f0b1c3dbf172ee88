package server

import "testing"

func TestCleanSnippet(t *testing.T) {
	for in, want := range map[string]string{
		"[Federal Register Volume 90, Number 9] [Rules and Regulations] [Pages 4544-4580] From the Federal Register Online via the Government Publishing Office [www.gpo.gov] [FR Doc No: 2025-00636] Framework for <mark>Artificial</mark> Intelligence Diffusion": "Framework for <mark>Artificial</mark> Intelligence Diffusion",
		"… and revises the license review policy for these entities. BILLING CODE 3510-33-P": "and revises the license review policy for these entities.",
		"[Federal <mark>Register</mark> Volume 90] BILLING CODE 3510-33-P":                   "",
		"Under [Reserved] the <mark>entity</mark> is added to Supplement No. 4":              "Under [Reserved] the <mark>entity</mark> is added to Supplement No. 4",
	} {
		if got := cleanSnippet(in); got != want {
			t.Errorf("cleanSnippet(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

func TestFallbackSnippet(t *testing.T) {
	got := fallbackSnippet("", "[Federal Register Volume 90, Number 9]\n[Notices]\n\nBIS adds <b>25</b> entities to the Entity List.\n\nBILLING CODE 3510-33-P")
	if want := "BIS adds &lt;b&gt;25&lt;/b&gt; entities to the Entity List."; got != want {
		t.Errorf("fallback %q, want %q", got, want)
	}
}
