package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/slack-go/slack"
)

// SlackConfig is the Slack bot configuration (config key `slack`).
type SlackConfig struct {
	// Token is the bot token (xoxb-...), needing chat:write.
	Token doc.Secret
	// APIURL is the Web API base; default "https://slack.com/api/". A
	// trailing slash is added when missing (slack.OptionAPIURL needs it).
	APIURL string
}

// SlackSender posts with chat.postMessage as the bot to the subscription's
// Target channel, threading later changes of a document under the first
// alert when Notification.ThreadTS is set. ref is the message ts.
type SlackSender struct {
	api    *slack.Client
	render Renderer
	token  string
}

// NewSlackSender returns a sender using client for every request (give it
// a timeout; never http.DefaultClient).
func NewSlackSender(cfg SlackConfig, client *http.Client, r Renderer) *SlackSender {
	apiURL := cfg.APIURL
	if apiURL == "" {
		apiURL = "https://slack.com/api/"
	}
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/"
	}
	return &SlackSender{
		api:    slack.New(cfg.Token.Reveal(), slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(client)),
		render: r,
		token:  cfg.Token.Reveal(),
	}
}

// Send implements Sender.
func (s *SlackSender) Send(ctx context.Context, n Notification) (string, bool, error) {
	if n.Subscription.Target == "" {
		return "", false, errors.New("slack: subscription has no channel")
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(s.render.Subject(n), false),
		slack.MsgOptionBlocks(s.render.SlackBlocks(n)...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if n.ThreadTS != "" {
		opts = append(opts, slack.MsgOptionTS(n.ThreadTS))
	}
	_, ts, err := s.api.PostMessageContext(ctx, n.Subscription.Target, opts...)
	if err != nil {
		retry, err := classifySlack(err)
		return "", retry, scrub(fmt.Errorf("slack: chat.postMessage to %s: %w", n.Subscription.Target, err), s.token)
	}
	return ts, false, nil
}

// finalSlackErrors are Web API error codes that will not go away by retrying.
var retryableSlackErrors = map[string]bool{
	"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true,
}

// classifySlack reports whether a slack-go error is worth retrying and
// attaches the Retry-After delay of a rate limit.
func classifySlack(err error) (bool, error) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return true, &retryAfterError{after: rl.RetryAfter, err: err}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return sc.Code >= 500 || sc.Code == http.StatusTooManyRequests || sc.Code == http.StatusRequestTimeout, err
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return retryableSlackErrors[se.Err], err
	}
	// Transport errors: timeouts, refused connections, resets, bad bodies.
	return true, err
}

// SlackWebhookSender posts to the subscription's incoming-webhook URL
// (Subscription.URL, a secret). Incoming webhooks return no ts, so there is
// no threading; ref is "ok".
type SlackWebhookSender struct {
	client *http.Client
	render Renderer
}

// NewSlackWebhookSender returns a sender using client (give it a timeout).
func NewSlackWebhookSender(client *http.Client, r Renderer) *SlackWebhookSender {
	return &SlackWebhookSender{client: client, render: r}
}

// Send implements Sender.
func (s *SlackWebhookSender) Send(ctx context.Context, n Notification) (string, bool, error) {
	u := n.Subscription.URL.Reveal()
	if u == "" {
		return "", false, errors.New("slack webhook: subscription has no URL")
	}
	msg := &slack.WebhookMessage{
		Text:   s.render.Subject(n),
		Blocks: &slack.Blocks{BlockSet: s.render.SlackBlocks(n)},
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, u, s.client, msg); err != nil {
		retry, err := classifySlack(err)
		return "", retry, scrub(fmt.Errorf("slack webhook: post: %w", err), u)
	}
	return "ok", false, nil
}
