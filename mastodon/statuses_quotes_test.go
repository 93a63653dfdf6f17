package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusesQuotes(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "mastodon")
	mux.HandleFunc("GET /api/v1/statuses/{id}/quotes", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "115107231366664709", r.PathValue("id"))
		testFormValues(t, r, url.Values{"limit": {"2"}})
		w.Header().Set("Link", `<https://x.example/api/v1/statuses/115107231366664709/quotes?limit=2&max_id=41>; rel="next", <https://x.example/api/v1/statuses/115107231366664709/quotes?limit=2&since_id=42>; rel="prev"`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_statuses_quotes_200_01.json"))
	})
	quotes, resp, err := c.Statuses.Quotes(t.Context(), "115107231366664709", &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, quotes, 2)
	assert.Equal(t, ID("115107232286434584"), quotes[0].ID)
	require.NotNil(t, quotes[0].Quote)
	assert.Equal(t, QuoteAccepted, quotes[0].Quote.State)
	require.NotNil(t, quotes[0].Quote.QuotedStatus)
	assert.Equal(t, ID("115107231366664709"), quotes[0].Quote.QuotedStatus.ID)
	assert.Equal(t, "41", resp.NextMaxID, "the quotes page by quote IDs")
	assert.Equal(t, "42", resp.PrevSinceID)

	_, _, err = c.Statuses.Quotes(t.Context(), "", nil)
	assert.Error(t, err)
}

func TestStatusesQuotesAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "mastodon")
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/statuses/{id}/quotes", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Query().Get("max_id") {
		case "":
			w.Header().Set("Link", `<https://x.example/api/v1/statuses/1/quotes?max_id=30>; rel="next"`)
			serveJSON(w, http.StatusOK, `[{"id":"a"},{"id":"b"}]`)
		case "30":
			serveJSON(w, http.StatusOK, `[{"id":"c"}]`)
		default:
			t.Errorf("unexpected page %s", r.URL)
		}
	})
	var ids []ID
	for st, err := range c.Statuses.QuotesAll(t.Context(), "1", nil) {
		require.NoError(t, err)
		ids = append(ids, st.ID)
	}
	assert.Equal(t, []ID{"a", "b", "c"}, ids)
	assert.EqualValues(t, 2, calls.Load(), "no next link ends the walk")
}

func TestStatusesRevokeQuote(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "mastodon")
	mux.HandleFunc("POST /api/v1/statuses/{id}/quotes/{quoting}/revoke", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "1":
			assert.Equal(t, "115107232286434584", r.PathValue("quoting"))
			serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_statuses_revoke_quote_200_01.json"))
		case "2":
			serveJSON(w, http.StatusForbidden, corpus(t, "docs/method_statuses_revoke_quote_403_01.json"))
		default:
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_statuses_quotes_404_01.json"))
		}
	})
	ctx := t.Context()
	st, _, err := c.Statuses.RevokeQuote(ctx, "1", "115107232286434584")
	require.NoError(t, err)
	assert.Equal(t, ID("115107232286434584"), st.ID)
	require.NotNil(t, st.Quote)
	assert.Equal(t, QuoteRevoked, st.Quote.State)
	assert.Nil(t, st.Quote.QuotedStatus)

	_, _, err = c.Statuses.RevokeQuote(ctx, "2", "3")
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = c.Statuses.RevokeQuote(ctx, "9", "3")
	assert.ErrorIs(t, err, ErrNotFound, "no such quote")
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Statuses.RevokeQuote(ctx, "1", "..")
	assert.Error(t, err)
	_, _, err = c.Statuses.RevokeQuote(ctx, "", "3")
	assert.Error(t, err)
}

func TestStatusesUpdateInteractionPolicy(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "mastodon")
	mux.HandleFunc("PUT /api/v1/statuses/{id}/interaction_policy", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "108942703571991143" {
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_statuses_edit_interaction_policy_404_01.json"))
			return
		}
		testJSONBody(t, r, `{"quote_approval_policy":"public"}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_statuses_edit_interaction_policy_200_01.json"))
	})
	ctx := t.Context()
	st, _, err := c.Statuses.UpdateInteractionPolicy(ctx, "108942703571991143", &InteractionPolicy{QuoteApprovalPolicy: QuotePolicyPublic})
	require.NoError(t, err)
	require.NotNil(t, st.QuoteApproval)
	assert.Equal(t, []ApprovalAudience{AudiencePublic}, st.QuoteApproval.Automatic)
	assert.Equal(t, ApprovalAutomatic, st.QuoteApproval.CurrentUser)

	_, _, err = c.Statuses.UpdateInteractionPolicy(ctx, "7", &InteractionPolicy{QuoteApprovalPolicy: QuotePolicyNobody})
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Statuses.UpdateInteractionPolicy(ctx, "7", nil)
	assert.Error(t, err)
}

// A Mastodon 4.4 server is known to lack quotes: no request is made. A
// server whose software cannot be told is asked, and the 404 of the
// missing route is a NotSupportedError too.
func TestStatusesQuotesNotSupported(t *testing.T) {
	t.Parallel()
	old, oldMux := setup(t, nil)
	serveMastodonVersion(oldMux, "4.4.3")
	oldMux.HandleFunc("/api/v1/statuses/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request to %s on a server known to lack quotes", r.URL.Path)
	})
	ctx := t.Context()
	var ns *NotSupportedError
	_, _, err := old.Statuses.Quotes(ctx, "1", nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "quotes", ns.Feature)
	assert.Equal(t, "mastodon 4.4.3", ns.Server)
	for st, err := range old.Statuses.QuotesAll(ctx, "1", nil) {
		assert.Nil(t, st)
		assert.ErrorIs(t, err, ErrNotSupported)
	}
	_, _, err = old.Statuses.RevokeQuote(ctx, "1", "2")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Statuses.UpdateInteractionPolicy(ctx, "1", &InteractionPolicy{QuoteApprovalPolicy: QuotePolicyNobody})
	assert.ErrorIs(t, err, ErrNotSupported)

	unknown, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, `{"domain":"x.example","version":"1.2.0","source_url":"https://code.example/other"}`)
	})
	mux.HandleFunc("/api/v1/statuses/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	_, _, err = unknown.Statuses.Quotes(ctx, "1", nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/statuses/:id/quotes", ns.Feature)
	_, _, err = unknown.Statuses.RevokeQuote(ctx, "1", "2")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = unknown.Statuses.UpdateInteractionPolicy(ctx, "1", &InteractionPolicy{QuoteApprovalPolicy: QuotePolicyNobody})
	assert.ErrorIs(t, err, ErrNotSupported)
}
