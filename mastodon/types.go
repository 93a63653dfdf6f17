package mastodon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// ID is the identifier of an entity. Mastodon sends IDs as strings (they
// are 64-bit numbers that JavaScript cannot hold); some servers send
// numbers, which are read as their decimal string. Compare IDs as
// strings: their order is not the order of the numbers they spell.
type ID string

// UnmarshalJSON reads a string or a JSON number.
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = ID(s)
		return nil
	}
	if string(b) == "null" {
		*id = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("mastodon: an id must be a string or a number, not %.20s", b)
	}
	*id = ID(n.String())
	return nil
}

// Date is a calendar day with no time of day, such as an account's
// last_status_at ("2019-11-24"). Some servers send a full timestamp
// there instead; Date keeps its day in the offset it was written with.
// The zero Date is "no date" and encodes as null.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalJSON writes d as "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return strconv.AppendQuote(nil, d.String()), nil
}

// UnmarshalJSON reads "YYYY-MM-DD", an RFC 3339 timestamp, or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("mastodon: a date must be a string: %w", err)
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("mastodon: %q is not a date", s)
		}
		// The day as the sender saw it, in its own offset.
	}
	*d = Date{t.Year(), t.Month(), t.Day()}
	return nil
}
