package server_test

import (
	"encoding/json"
	"testing"
)

func TestCompareAndPeers(t *testing.T) {
	ts, _, tok := editServer(t, false)
	bodies := map[string]string{
		"GM0344": `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":2},"domain.housing":{"value":1}}}`,
		"GM0307": `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":3},"domain.housing":{"value":3}}}`, // Amersfoort, same province
		"GM0356": `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":3},"domain.housing":{"value":1}}}`, // Nieuwegein, neighbour
		"GM0363": `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":6}}}`,
	}
	for code, b := range bodies {
		if status, _ := put(t, ts.URL+"/api/municipalities/"+code+"/assessment", tok, b); status != 201 {
			t.Fatalf("PUT %s: %d", code, status)
		}
	}
	var cmp struct {
		Municipalities []struct {
			Code  string
			Parts map[string]*float64
		}
		Medians struct {
			National  struct{ N int }
			Provinces map[string]struct{ N int }
		}
	}
	r := get(t, ts.URL+"/api/compare?codes=GM0344,GM0363,GM0307")
	if err := json.Unmarshal(r.body, &cmp); err != nil || r.status != 200 {
		t.Fatalf("compare: %d %s", r.status, r.body)
	}
	if len(cmp.Municipalities) != 3 || cmp.Municipalities[0].Code != "GM0344" || cmp.Municipalities[0].Parts["stage"] == nil {
		t.Errorf("compare municipalities: %+v", cmp.Municipalities)
	}
	if _, ok := cmp.Medians.Provinces["PV26"]; !ok {
		t.Errorf("province medians: %+v", cmp.Medians)
	}
	for _, bad := range []string{"", "?codes=GM0344", "?codes=GM0344,XX", "?codes=GM1,GM2,GM3,GM4,GM5,GM6,GM7"} {
		if r := get(t, ts.URL+"/api/compare"+bad); r.status != 400 {
			t.Errorf("compare %q: %d, want 400", bad, r.status)
		}
	}
	var peers []struct {
		Code, Reason string
		Neighbour    bool
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0344/peers").body, &peers)
	if len(peers) < 2 || peers[0].Code != "GM0356" || !peers[0].Neighbour || peers[0].Reason == "" {
		t.Fatalf("peers of Utrecht: %+v", peers)
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0344/peers?domain=domain.housing").body, &peers)
	if len(peers) == 0 || peers[0].Code != "GM0307" {
		t.Errorf("housing peers of Utrecht: %+v", peers)
	}
	if r := get(t, ts.URL+"/api/municipalities/GM0344/peers?domain=cooking"); r.status != 400 {
		t.Errorf("unknown domain: %d", r.status)
	}
}
