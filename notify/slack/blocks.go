package slack

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/notify"
)

// Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
const (
	maxBlocks      = 50
	maxSectionText = 3000
	maxFieldText   = 2000
)

// mrkdwnEscape escapes the three characters Slack's mrkdwn reserves.
func mrkdwnEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// mrkdwnLink renders <url|text>, or the escaped text when url is empty.
func mrkdwnLink(u, text string) string {
	text = strings.ReplaceAll(mrkdwnEscape(text), "|", "¦")
	if u == "" {
		return text
	}
	return "<" + strings.NewReplacer("<", "%3C", ">", "%3E", "|", "%7C", " ", "%20").Replace(u) + "|" + text + ">"
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// renderBlocks renders n as Block Kit blocks (at most 50).
func renderBlocks(r notify.Renderer, n notify.Notification) []slack.Block {
	var bs []slack.Block
	if n.Test {
		bs = append(bs, slack.NewContextBlock("", mrkdwn(
			fmt.Sprintf(":test_tube: Test message for the subscription %s. Alerts will look like this:", mrkdwnEscape(notify.QuoteName(n.Subscription.Name))))))
	}
	if n.Digest || len(n.Items) != 1 {
		return append(bs, digestBlocks(r, n)...)
	}
	return append(bs, itemBlocks(r, n.Items[0])...)
}

func itemBlocks(r notify.Renderer, it notify.Item) []slack.Block {
	ev := it.Event
	if ev.Kind == doc.EventSource {
		return []slack.Block{slack.NewSectionBlock(mrkdwn(notify.Truncate(fmt.Sprintf(":warning: *Source %s*\n%s",
			mrkdwnEscape(ev.Source), mrkdwnEscape(ev.Summary)), maxSectionText)), nil, nil)}
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(notify.Truncate(fmt.Sprintf("*%s:* *%s*", mrkdwnEscape(notify.Headline(ev)), mrkdwnLink(it.Link(), it.Title())), maxSectionText)), nil, nil),
	}
	if hl := it.HitLines(); len(hl) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(notify.Truncate(mrkdwnEscape(strings.Join(hl, "\n")), maxSectionText)), nil, nil))
	}
	fields := []*slack.TextBlockObject{
		mrkdwn("*Labels*\n" + mrkdwnEscape(notify.LabelList(it.Labels()))),
		mrkdwn("*Countries*\n" + mrkdwnEscape(notify.CountryList(it.Countries()))),
	}
	if d := it.DateLine(); d != "" {
		fields = append(fields, mrkdwn("*Date*\n"+d))
	}
	if e := it.Effective(); e != "" {
		fields = append(fields, mrkdwn("*Effective*\n"+e))
	}
	blocks = append(blocks, slack.NewSectionBlock(nil, fields, nil))
	if es := it.EntityLines(); len(es) > 0 {
		var b strings.Builder
		b.WriteString("*Entities*")
		for _, e := range es {
			b.WriteString("\n• " + mrkdwnEscape(e))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(notify.Truncate(b.String(), maxSectionText)), nil, nil))
	}
	if e := it.Evidence(); e != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(notify.Truncate("> "+mrkdwnEscape(e), maxSectionText)), nil, nil))
	}
	var ctx []string
	if p := r.DocumentPage(ev.DocumentID); p != "" {
		ctx = append(ctx, mrkdwnLink(p, "Details, versions and diff on exportwatch"))
	}
	if it.Document.Citation != "" {
		ctx = append(ctx, mrkdwnEscape(it.Document.Citation))
	}
	if ev.Source != "" {
		ctx = append(ctx, mrkdwnEscape(ev.Source))
	}
	if len(ctx) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(strings.Join(ctx, " · "))))
	}
	return blocks
}

// digestBlocks renders a digest: its heading, then one section per set of
// countries listing each item once, with its labels.
func digestBlocks(r notify.Renderer, n notify.Notification) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, notify.Truncate(notify.DigestHeading(n), 150), false, false)),
	}
	groups := notify.GroupDigest(n.Items)
	for gi, g := range groups {
		if len(blocks) >= maxBlocks-1 {
			left := 0
			for _, g := range groups[gi:] {
				left += len(g.Items)
			}
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(fmt.Sprintf("+%d more in %d more groups of countries", left, len(groups)-gi))))
			break
		}
		var b strings.Builder
		fmt.Fprintf(&b, "*%s*", mrkdwnEscape(notify.GroupHeading(g.Countries)))
		more := 0
		for _, it := range g.Items {
			line := "\n• " + mrkdwnLink(it.Link(), notify.Truncate(it.Title(), 200))
			if ls := it.Labels(); len(ls) > 0 {
				line += " — _" + mrkdwnEscape(notify.LabelList(ls)) + "_"
			}
			if d := it.DateLine(); d != "" {
				line += " — " + d
			}
			if p := r.DocumentPage(it.Event.DocumentID); p != "" {
				line += " (" + mrkdwnLink(p, "details") + ")"
			}
			if b.Len()+len(line) > maxSectionText-40 {
				more++
				continue
			}
			b.WriteString(line)
		}
		if more > 0 {
			fmt.Fprintf(&b, "\n+%d more", more)
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(b.String()), nil, nil))
	}
	return blocks
}
