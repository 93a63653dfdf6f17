package peertube

import (
	"context"
	"time"
)

// VideoStatsOptions limit the statistics of a video to a period.
type VideoStatsOptions struct {
	// StartDate and EndDate bound the period; zero means from the video's
	// publication, and until now.
	StartDate time.Time `url:"startDate,omitempty"`
	EndDate   time.Time `url:"endDate,omitempty"`
}

// VideoStatsOverall sums up who watched a video, and how long.
type VideoStatsOverall struct {
	// AverageWatchTime and TotalWatchTime are in seconds.
	AverageWatchTime float64 `json:"averageWatchTime"`
	TotalWatchTime   float64 `json:"totalWatchTime"`
	// TotalViewers is the number of viewers, on servers that count it.
	TotalViewers int64 `json:"totalViewers"`
	// ViewersPeak is the largest number of viewers at once, at
	// ViewersPeakDate (nil when there was none).
	ViewersPeak     int64      `json:"viewersPeak"`
	ViewersPeakDate *time.Time `json:"viewersPeakDate"`
	// Countries counts the viewers by country (when the server knows
	// where addresses are).
	Countries []CountryViewers `json:"countries"`
	// Subdivisions counts them by region of a country, on servers that
	// send it.
	Subdivisions []SubdivisionViewers `json:"subdivisions"`
}

// CountryViewers is the number of viewers from one country.
type CountryViewers struct {
	// ISOCode is the country's ISO 3166-1 alpha-2 code, such as "FR".
	ISOCode string `json:"isoCode"`
	Viewers int64  `json:"viewers"`
}

// SubdivisionViewers is the number of viewers from one region.
type SubdivisionViewers struct {
	Name    string `json:"name"`
	Viewers int64  `json:"viewers"`
}

// Overall returns the summary of a video's statistics, over the period
// of opts. Only its owner (and moderators) may ask.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Stats/paths/~1api~1v1~1videos~1%7Bid%7D~1stats~1overall/get
//
// GET /api/v1/videos/{id}/stats/overall
func (s *StatsService) Overall(ctx context.Context, id string, opts *VideoStatsOptions) (*VideoStatsOverall, *Response, error) {
	p, err := videoPath(id, "stats", "overall")
	if err != nil {
		return nil, nil, err
	}
	return get[VideoStatsOverall](ctx, s.client, p, opts)
}

// StatsMetric is what a time series of [StatsService.Timeseries]
// counts.
type StatsMetric string

// The metrics of a video's time series.
const (
	// MetricViewers is the number of viewers.
	MetricViewers StatsMetric = "viewers"
	// MetricAggregateWatchTime is the time spent watching, in seconds.
	MetricAggregateWatchTime StatsMetric = "aggregateWatchTime"
)

// VideoStatsTimeseries is a metric of a video over time.
type VideoStatsTimeseries struct {
	// GroupInterval is the length of a point's interval, which the
	// server chooses from the period: "one_day", "one_hour",
	// "ten_minutes", "one_minute"…
	GroupInterval string `json:"groupInterval"`
	// Data are the points, in the order of time.
	Data []TimeseriesPoint `json:"data"`
}

// TimeseriesPoint is the value of a metric in the interval that starts
// at Date.
type TimeseriesPoint struct {
	Date  time.Time `json:"date"`
	Value float64   `json:"value"`
}

// Timeseries returns a metric of a video over the period of opts, by
// interval. Only its owner (and moderators) may ask.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Stats/paths/~1api~1v1~1videos~1%7Bid%7D~1stats~1timeseries~1%7Bmetric%7D/get
//
// GET /api/v1/videos/{id}/stats/timeseries/{metric}
func (s *StatsService) Timeseries(ctx context.Context, id string, metric StatsMetric, opts *VideoStatsOptions) (*VideoStatsTimeseries, *Response, error) {
	m, err := segment("stats metric", string(metric))
	if err != nil {
		return nil, nil, err
	}
	p, err := videoPath(id, "stats", "timeseries", m)
	if err != nil {
		return nil, nil, err
	}
	return get[VideoStatsTimeseries](ctx, s.client, p, opts)
}

// VideoStatsRetention says, for each second of a video, how many of its
// viewers were still watching.
type VideoStatsRetention struct {
	Data []RetentionPoint `json:"data"`
}

// RetentionPoint is the share of viewers still watching at a second of
// the video.
type RetentionPoint struct {
	Second int `json:"second"`
	// RetentionPercent is between 0 and 100.
	RetentionPercent float64 `json:"retentionPercent"`
}

// Retention returns the retention of a video's viewers. Only its owner
// (and moderators) may ask; a live has none (400 Bad Request).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Stats/paths/~1api~1v1~1videos~1%7Bid%7D~1stats~1retention/get
//
// GET /api/v1/videos/{id}/stats/retention
func (s *StatsService) Retention(ctx context.Context, id string) (*VideoStatsRetention, *Response, error) {
	p, err := videoPath(id, "stats", "retention")
	if err != nil {
		return nil, nil, err
	}
	return get[VideoStatsRetention](ctx, s.client, p, nil)
}
