package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmailsResendConfirmation(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/emails/confirmations", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			testJSONBody(t, r, `{}`)
		} else {
			testJSONBody(t, r, `{"email":"new@example.com"}`)
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_emails_confirmation_200_01.json"))
	})
	_, err := c.Emails.ResendConfirmation(t.Context(), nil)
	require.NoError(t, err)
	_, err = c.Emails.ResendConfirmation(t.Context(), &ConfirmationOptions{Email: "new@example.com"})
	require.NoError(t, err)
	assert.EqualValues(t, 2, n.Load())
}

func TestEmailsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/emails/confirmations", func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			serveJSON(w, http.StatusForbidden, corpus(t, "docs/method_emails_confirmation_403_01.json"))
		case 2:
			serveJSON(w, http.StatusForbidden, corpus(t, "docs/method_emails_confirmation_403_02.json"))
		default:
			serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
		}
	})
	_, err := c.Emails.ResendConfirmation(t.Context(), nil)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.ErrorContains(t, err, "only available to the application")
	_, err = c.Emails.ResendConfirmation(t.Context(), nil)
	assert.ErrorIs(t, err, ErrForbidden)
	_, err = c.Emails.ResendConfirmation(t.Context(), nil)
	assert.ErrorIs(t, err, ErrNotSupported)
}
