package httpsig_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/fedikit/fedikit/httpsig"
)

func ExampleKeyCache() {
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		panic(err)
	}

	// A resolver that would normally fetch the actor document. It counts
	// its calls; the cache may call it from another goroutine.
	var calls atomic.Int32
	resolver := httpsig.KeyResolverFunc(func(ctx context.Context, keyID string) (*httpsig.Key, error) {
		calls.Add(1)
		if keyID != "https://example.com/users/alice#main-key" {
			return nil, fmt.Errorf("no key %q: %w", keyID, httpsig.ErrKeyNotFound)
		}
		return &httpsig.Key{ID: keyID, Owner: "https://example.com/users/alice", PublicKey: pub}, nil
	})

	cache := httpsig.NewKeyCache(resolver, &httpsig.KeyCacheOptions{TTL: 30 * time.Minute})
	ctx := context.Background()
	for range 2 {
		key, err := cache.ResolveKey(ctx, "https://example.com/users/alice#main-key")
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("owner %s, resolver calls: %d\n", key.Owner, calls.Load())
	}
	// Output:
	// owner https://example.com/users/alice, resolver calls: 1
	// owner https://example.com/users/alice, resolver calls: 1
}
