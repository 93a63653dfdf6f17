package peertube

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
)

// CustomConfig is the instance's runtime configuration, the one an
// administrator edits in the web interface: a JSON object of nested
// sections (instance, signup, transcoding, live, import…), kept as the
// server sent it so that a read, a change and an update lose nothing.
// Read and change it by dotted paths such as "instance.name" with
// [CustomConfig.Get] and [CustomConfig.Set]. The zero value is an empty
// object.
//
// A CustomConfig is not safe for concurrent changes.
type CustomConfig struct {
	raw json.RawMessage
}

// NewCustomConfig returns the configuration of the JSON object data,
// such as a file an administrator wrote.
func NewCustomConfig(data []byte) (*CustomConfig, error) {
	c := new(CustomConfig)
	if err := c.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return c, nil
}

// MarshalJSON returns the configuration as a JSON object.
func (c CustomConfig) MarshalJSON() ([]byte, error) {
	if len(c.raw) == 0 {
		return []byte("{}"), nil
	}
	return c.raw, nil
}

// UnmarshalJSON keeps data, which must be a JSON object.
func (c *CustomConfig) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("peertube: custom config: %w", err)
	}
	if m == nil {
		return errors.New("peertube: custom config: not a JSON object")
	}
	c.raw = bytes.Clone(data)
	return nil
}

// splitPath splits a dotted path into its keys, refusing empty ones.
func splitPath(path string) ([]string, error) {
	keys := strings.Split(path, ".")
	for _, k := range keys {
		if k == "" {
			return nil, fmt.Errorf("peertube: custom config: bad path %q", path)
		}
	}
	return keys, nil
}

// Get decodes the value at the dotted path, such as "signup.enabled" or
// "transcoding.resolutions.720p", into v (a pointer). It returns an
// error when the path is not in the configuration.
func (c *CustomConfig) Get(path string, v any) error {
	keys, err := splitPath(path)
	if err != nil {
		return err
	}
	cur, err := c.MarshalJSON()
	if err != nil {
		return err
	}
	for i, k := range keys {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(cur, &m); err != nil || m == nil {
			return fmt.Errorf("peertube: custom config: %q is not an object", strings.Join(keys[:i], "."))
		}
		next, ok := m[k]
		if !ok {
			return fmt.Errorf("peertube: custom config: no %q", strings.Join(keys[:i+1], "."))
		}
		cur = next
	}
	if err := json.Unmarshal(cur, v); err != nil {
		return fmt.Errorf("peertube: custom config: %s: %w", path, err)
	}
	return nil
}

// Set sets the value at the dotted path to v, encoded as JSON, creating
// the objects on the way that are missing. The other values are kept as
// they were.
func (c *CustomConfig) Set(path string, v any) error {
	keys, err := splitPath(path)
	if err != nil {
		return err
	}
	val, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("peertube: custom config: %s: %w", path, err)
	}
	root, err := c.MarshalJSON()
	if err != nil {
		return err
	}
	out, err := setPath(root, keys, val)
	if err != nil {
		return fmt.Errorf("peertube: custom config: %s: %w", path, err)
	}
	c.raw = out
	return nil
}

// setPath returns the object obj with keys set to val.
func setPath(obj json.RawMessage, keys []string, val json.RawMessage) (json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if len(obj) > 0 {
		if err := json.Unmarshal(obj, &m); err != nil || m == nil {
			return nil, errors.New("not an object on the way")
		}
	}
	if len(keys) == 1 {
		m[keys[0]] = val
	} else {
		sub, err := setPath(m[keys[0]], keys[1:], val)
		if err != nil {
			return nil, err
		}
		m[keys[0]] = sub
	}
	return json.Marshal(m)
}

// Custom returns the instance's runtime configuration. It needs an
// administrator's token.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/operation/getCustomConfig
//
// GET /api/v1/config/custom
func (s *ConfigService) Custom(ctx context.Context) (*CustomConfig, *Response, error) {
	return get[CustomConfig](ctx, s.client, "api/v1/config/custom", nil)
}

// customAnswer sends req and returns the configuration the server
// answers with, or nil when it sends none.
func (s *ConfigService) customAnswer(ctx context.Context, method string, body any) (*CustomConfig, *Response, error) {
	req, err := s.client.NewRequest(ctx, method, "api/v1/config/custom", body)
	if err != nil {
		return nil, nil, err
	}
	buf := new(bytes.Buffer)
	resp, err := s.client.Do(req, buf)
	if err != nil {
		return nil, resp, err
	}
	if len(bytes.TrimSpace(buf.Bytes())) == 0 {
		return nil, resp, nil
	}
	cfg, err := NewCustomConfig(buf.Bytes())
	if err != nil {
		return nil, resp, err
	}
	return cfg, resp, nil
}

// UpdateCustom replaces the instance's runtime configuration with cfg,
// usually one read with [ConfigService.Custom] and changed with
// [CustomConfig.Set]. The server refuses (400) a configuration whose
// parts contradict each other, such as open signups without an emailer,
// or transcoding on with both HLS and web videos off. It returns the new
// configuration when the server sends it back (PeerTube does, the API
// reference does not say so), else nil. It needs an administrator's
// token.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/operation/putCustomConfig
//
// PUT /api/v1/config/custom
func (s *ConfigService) UpdateCustom(ctx context.Context, cfg *CustomConfig) (*CustomConfig, *Response, error) {
	if cfg == nil {
		return nil, nil, errors.New("peertube: no custom config to send")
	}
	return s.customAnswer(ctx, http.MethodPut, cfg)
}

// DeleteCustom drops the instance's runtime configuration: the server
// goes back to its configuration file. It returns the configuration in
// force when the server sends it back, else nil. It needs an
// administrator's token.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/operation/delCustomConfig
//
// DELETE /api/v1/config/custom
func (s *ConfigService) DeleteCustom(ctx context.Context) (*CustomConfig, *Response, error) {
	return s.customAnswer(ctx, http.MethodDelete, nil)
}

// pickInstanceImage posts img as the multipart field of path. The server
// answers 204 without a body.
func (s *ConfigService) pickInstanceImage(ctx context.Context, path, field string, img *ImageFile) (*Response, error) {
	if img == nil {
		return nil, fmt.Errorf("peertube: no %s to upload", field)
	}
	buf := new(bytes.Buffer)
	w := multipart.NewWriter(buf)
	err := writeImage(w, field, img)
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("peertube: encoding the image: %w", err)
	}
	req, err := s.client.NewRequest(ctx, http.MethodPost, path, buf)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return s.client.Do(req, nil)
}

// UploadBanner replaces the instance's banner with img: PNG or JPEG
// (recent servers take GIF and WebP too), within the server's size
// limit ([ErrTooLarge] otherwise, with the limit in the
// X-File-Maximum-Size header). The new banner is in [ServerConfig]'s
// Instance.Banners. It needs an administrator's token.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/paths/~1api~1v1~1config~1instance-banner~1pick/post
//
// POST /api/v1/config/instance-banner/pick
func (s *ConfigService) UploadBanner(ctx context.Context, img *ImageFile) (*Response, error) {
	return s.pickInstanceImage(ctx, "api/v1/config/instance-banner/pick", "bannerfile", img)
}

// DeleteBanner removes the instance's banner. It needs an
// administrator's token.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/paths/~1api~1v1~1config~1instance-banner/delete
//
// DELETE /api/v1/config/instance-banner
func (s *ConfigService) DeleteBanner(ctx context.Context) (*Response, error) {
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, "api/v1/config/instance-banner", nil)
	return resp, err
}

// UploadAvatar replaces the instance's avatar with img, as
// [ConfigService.UploadBanner] does the banner. The new avatar is in
// [ServerConfig]'s Instance.Avatars.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/paths/~1api~1v1~1config~1instance-avatar~1pick/post
//
// POST /api/v1/config/instance-avatar/pick
func (s *ConfigService) UploadAvatar(ctx context.Context, img *ImageFile) (*Response, error) {
	return s.pickInstanceImage(ctx, "api/v1/config/instance-avatar/pick", "avatarfile", img)
}

// DeleteAvatar removes the instance's avatar. It needs an
// administrator's token.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/paths/~1api~1v1~1config~1instance-avatar/delete
//
// DELETE /api/v1/config/instance-avatar
func (s *ConfigService) DeleteAvatar(ctx context.Context) (*Response, error) {
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, "api/v1/config/instance-avatar", nil)
	return resp, err
}
