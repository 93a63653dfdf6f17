package mastodon

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
)

// The annual reports are optional: a server offers them if its
// administrators turned them on, in December, to users active enough.
// Servers without an endpoint (older Mastodon, GoToSocial) answer 404,
// which these methods turn into a [*NotSupportedError]; a year without a
// report still gives an error matching [ErrNotFound].

// annualReportPath returns "api/v1/annual_reports/{year}" plus more path
// segments.
func annualReportPath(year int, more string) (string, error) {
	if year <= 0 {
		return "", fmt.Errorf("mastodon: annual report year %d is not valid", year)
	}
	p := "api/v1/annual_reports/" + strconv.Itoa(year)
	if more != "" {
		p += "/" + more
	}
	return p, nil
}

// List returns the user's annual reports that have been made, with the
// accounts and statuses they name (Mastodon 4.3).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/annual_reports/#index
//
// GET /api/v1/annual_reports
func (s *AnnualReportsService) List(ctx context.Context) (*WrappedAnnualReports, *Response, error) {
	w, resp, err := get[WrappedAnnualReports](ctx, s.client, "api/v1/annual_reports", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/annual_reports", true)
	}
	return w, resp, nil
}

// Get returns the user's annual report of a year, with the accounts and
// statuses it names (Mastodon 4.4). A year without a report gives an
// error matching [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/annual_reports/#get
//
// GET /api/v1/annual_reports/:year
func (s *AnnualReportsService) Get(ctx context.Context, year int) (*WrappedAnnualReports, *Response, error) {
	p, err := annualReportPath(year, "")
	if err != nil {
		return nil, nil, err
	}
	w, resp, err := get[WrappedAnnualReports](ctx, s.client, p, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/annual_reports/:year", false)
	}
	return w, resp, nil
}

// State says whether the user's annual report of a year is available,
// being made, may be asked for with [AnnualReportsService.Generate], or
// cannot be made (Mastodon 4.6). While the report is being made, the
// answer carries a Mastodon-Async-Refresh header (see
// [Response.AsyncRefresh]).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/annual_reports/#get-state
//
// GET /api/v1/annual_reports/:year/state
func (s *AnnualReportsService) State(ctx context.Context, year int) (AnnualReportState, *Response, error) {
	p, err := annualReportPath(year, "state")
	if err != nil {
		return "", nil, err
	}
	raw, resp, err := get[json.RawMessage](ctx, s.client, p, nil)
	if err != nil {
		return "", resp, unsupportedEndpoint(err, "GET /api/v1/annual_reports/:year/state", false)
	}
	// The documentation shows {"state": "…"}; Mastodon's code has also
	// rendered the bare string, which is taken too.
	var body struct {
		State AnnualReportState `json:"state"`
	}
	if err := json.Unmarshal(*raw, &body); err != nil {
		var state AnnualReportState
		if json.Unmarshal(*raw, &state) != nil {
			return "", resp, fmt.Errorf("mastodon: GET %s: decoding the answer: %w", p, err)
		}
		return state, resp, nil
	}
	return body.State, resp, nil
}

// MarkRead marks the user's annual report of a year as seen (Mastodon
// 4.3). A year without a report gives an error matching [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/annual_reports/#read
//
// POST /api/v1/annual_reports/:year/read
func (s *AnnualReportsService) MarkRead(ctx context.Context, year int) (*Response, error) {
	p, err := annualReportPath(year, "read")
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "POST", p, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, "POST /api/v1/annual_reports/:year/read", false)
}

// Generate asks the server to make the user's annual report of a year
// (Mastodon 4.6). The answer's status tells what happened: 202 Accepted
// means the report is being made, and the Mastodon-Async-Refresh header
// (see [Response.AsyncRefresh]) says when to look again with
// [AnnualReportsService.State]; another success (200 OK) means the report
// exists already, or cannot be made.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/annual_reports/#generate-a-new-annual-report
//
// POST /api/v1/annual_reports/:year/generate
func (s *AnnualReportsService) Generate(ctx context.Context, year int) (*Response, error) {
	p, err := annualReportPath(year, "generate")
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "POST", p, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, "POST /api/v1/annual_reports/:year/generate", false)
}
