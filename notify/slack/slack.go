// Package slack is the Slack channel in its two forms: a bot posting with
// chat.postMessage (threads, and message metadata naming the delivery so
// that a resend after a crash finds the first copy), and incoming webhooks.
// Both render Block Kit blocks and an escaped fallback text.
package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
)

// Message metadata (https://api.slack.com/metadata) naming the delivery a
// bot message carries: event_type and the payload key of the delivery ID.
const (
	MetadataEventType  = "exportwatch_delivery"
	MetadataDeliveryID = "delivery_id"
)

// Recall reads at most this many pages of history (200 messages each)
// looking for a delivery, so a busy channel costs a bounded look-up.
const (
	historyPageSize = 200
	historyMaxPages = 5
)

// BotChannel returns the Slack bot channel for notify's table, posting
// with client (give it a timeout; never http.DefaultClient); no sender
// without a token.
func BotChannel(cfg slackconf.Config, client *http.Client, r notify.Renderer) notify.Channel {
	c := notify.Channel{Name: doc.ChannelSlack}
	if cfg.Token == "" {
		return c
	}
	apiURL := cfg.APIURL
	if apiURL == "" {
		apiURL = slackconf.DefaultAPIURL
	}
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/"
	}
	c.Sender = &bot{
		api:    slack.New(cfg.Token.Reveal(), slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(client)),
		render: r,
		token:  cfg.Token.Reveal(),
	}
	return c
}

// bot posts with chat.postMessage as the bot to the subscription's Target
// channel, threading later changes of a document under the first alert
// when Notification.ThreadTS is set. ref is the message ts.
type bot struct {
	api    *slack.Client
	render notify.Renderer
	token  string
}

// Send implements notify.Sender.
func (s *bot) Send(ctx context.Context, n notify.Notification) (string, bool, error) {
	if n.Subscription.Target == "" {
		return "", false, errors.New("slack: subscription has no channel")
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(fallbackText(s.render, n), false),
		slack.MsgOptionBlocks(renderBlocks(s.render, n)...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if n.DeliveryID > 0 {
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{
			EventType:    MetadataEventType,
			EventPayload: map[string]any{MetadataDeliveryID: strconv.FormatInt(n.DeliveryID, 10)},
		}))
	}
	if n.ThreadTS != "" {
		opts = append(opts, slack.MsgOptionTS(n.ThreadTS))
	}
	_, ts, err := s.api.PostMessageContext(ctx, n.Subscription.Target, opts...)
	if err != nil {
		retry, err := classify(err)
		return "", retry, notify.Scrub(fmt.Errorf("slack: chat.postMessage to %s: %w", n.Subscription.Target, err), s.token)
	}
	return ts, false, nil
}

// Recall implements notify.Recaller: it looks for a message whose metadata
// names n.DeliveryID, posted since since, among the channel's top-level
// messages (conversations.history) and, for a reply, in its thread
// (conversations.replies: history does not list replies). Both: the dead
// process may have posted it at the top level before a later alert about
// the same document opened the thread. It needs the bot's channels:history
// (groups:history for private channels) scope.
func (s *bot) Recall(ctx context.Context, n notify.Notification, since time.Time) (string, error) {
	if n.DeliveryID <= 0 || n.Subscription.Target == "" {
		return "", nil
	}
	want := strconv.FormatInt(n.DeliveryID, 10)
	oldest := strconv.FormatFloat(float64(since.UnixMicro())/1e6, 'f', 6, 64)
	threads := []string{""}
	if n.ThreadTS != "" {
		threads = append(threads, n.ThreadTS)
	}
	for _, thread := range threads {
		ts, err := s.find(ctx, n.Subscription.Target, thread, oldest, want)
		if ts != "" || err != nil {
			return ts, err
		}
	}
	return "", nil
}

// find pages through a channel's top-level history (thread "") or one
// thread, newest first, for the message of delivery want.
func (s *bot) find(ctx context.Context, channel, thread, oldest, want string) (string, error) {
	cursor := ""
	for range historyMaxPages {
		var (
			msgs []slack.Message
			more bool
			next string
			err  error
			op   = "conversations.history"
		)
		if thread != "" {
			op = "conversations.replies"
			msgs, more, next, err = s.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
				ChannelID: channel, Timestamp: thread, Cursor: cursor, Oldest: oldest,
				Limit: historyPageSize, IncludeAllMetadata: true,
			})
		} else {
			var resp *slack.GetConversationHistoryResponse
			resp, err = s.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
				ChannelID: channel, Cursor: cursor, Oldest: oldest,
				Limit: historyPageSize, IncludeAllMetadata: true,
			})
			if resp != nil {
				msgs, more, next = resp.Messages, resp.HasMore, resp.ResponseMetaData.NextCursor
			}
		}
		if err != nil {
			return "", notify.Scrub(fmt.Errorf("slack: %s of %s: %w", op, channel, err), s.token)
		}
		for _, m := range msgs {
			if m.Metadata.EventType == MetadataEventType && fmt.Sprint(m.Metadata.EventPayload[MetadataDeliveryID]) == want {
				return m.Timestamp, nil
			}
		}
		if !more || next == "" {
			return "", nil
		}
		cursor = next
	}
	return "", nil
}

// fallbackText is the message's top-level text (notifications, screen
// readers, clients without blocks), escaped like the blocks: crawled titles
// must not ping a channel (<!channel>) or plant a link.
func fallbackText(r notify.Renderer, n notify.Notification) string {
	return mrkdwnEscape(r.Subject(n))
}

// retryableErrors are Web API error codes that may go away by retrying.
var retryableErrors = map[string]bool{
	"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true,
}

// classify reports whether a slack-go error is worth retrying and
// attaches the Retry-After delay of a rate limit.
func classify(err error) (bool, error) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return true, notify.WithRetryAfter(err, rl.RetryAfter)
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return sc.Code >= 500 || sc.Code == http.StatusTooManyRequests || sc.Code == http.StatusRequestTimeout, err
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return retryableErrors[se.Err], err
	}
	// Transport errors: timeouts, refused connections, resets, bad bodies.
	return true, err
}

// WebhookChannel returns the Slack incoming-webhook channel for notify's
// table. client should be notify.TargetClient: the URL is the
// subscriber's.
func WebhookChannel(client *http.Client, r notify.Renderer) notify.Channel {
	return notify.Channel{Name: doc.ChannelSlackWebhook, Sender: &webhook{client: client, render: r}}
}

// webhook posts to the subscription's incoming-webhook URL
// (Subscription.URL, a secret). Incoming webhooks return no ts, so there is
// no threading; ref is "ok".
type webhook struct {
	client *http.Client
	render notify.Renderer
}

// Send implements notify.Sender.
func (s *webhook) Send(ctx context.Context, n notify.Notification) (string, bool, error) {
	u := n.Subscription.URL.Reveal()
	if u == "" {
		return "", false, errors.New("slack webhook: subscription has no URL")
	}
	msg := &slack.WebhookMessage{
		Text:   fallbackText(s.render, n),
		Blocks: &slack.Blocks{BlockSet: renderBlocks(s.render, n)},
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, u, s.client, msg); err != nil {
		retry, err := classify(err)
		return "", retry && !notify.TargetRefused(err), notify.Scrub(fmt.Errorf("slack webhook: post: %w", err), u)
	}
	return "ok", false, nil
}
