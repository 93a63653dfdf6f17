package pgstore

import (
	"testing"

	"github.com/fedikit/fedikit/activitypub/pgstore/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
