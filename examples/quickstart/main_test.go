package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// The quickstart runs to the end: every step of the federation happens.
func TestQuickstart(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, step := range []string{"1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. ", "Done:"} {
		if !strings.Contains(out.String(), step) {
			t.Errorf("step %q missing from:\n%s", step, out.String())
		}
	}
}
