package pgstore

import (
	"encoding/json"
	"testing"
)

// FuzzDeliveryArgs feeds arbitrary stored payloads to the decoder of
// delivery jobs: it never fails (an unreadable payload is marked corrupt,
// for the dead letters) and never panics, and a payload it accepts can be
// delivered and survives a round trip.
func FuzzDeliveryArgs(f *testing.F) {
	f.Add([]byte(`{"activity":"https://a.example/1","inbox":"https://b.example/inbox","host":"b.example","body":"{}"}`))
	f.Add([]byte(`{"activity":5,"inbox":[]}`))
	f.Add([]byte(`{"activity":"x","inbox":"https://b.example/inbox","body":"\u0000"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"inbox":"http://[::1]:80/inbox","activity":"a","body":"\ud800"}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		var a deliveryArgs
		if err := json.Unmarshal(payload, &a); err != nil {
			if json.Valid(payload) {
				t.Fatalf("valid JSON refused: %v", err)
			}
			return
		}
		if a.corrupt != nil {
			return
		}
		if err := a.check(); err != nil {
			t.Fatalf("accepted a payload that fails the check: %v", err)
		}
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var again deliveryArgs
		if err := json.Unmarshal(b, &again); err != nil || again.corrupt != nil {
			t.Fatalf("round trip: %v %v", err, again.corrupt)
		}
		if again.Activity != a.Activity || again.Inbox != a.Inbox || again.Body != a.Body || again.Actor != a.Actor || again.KeyID != a.KeyID {
			t.Fatalf("round trip changed the payload: %+v → %+v", a, again)
		}
	})
}
