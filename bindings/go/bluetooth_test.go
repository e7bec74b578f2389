// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import "testing"

func TestBluetoothAddrs(t *testing.T) {
	checkAddrType(t, &L2CAPAddr{BDAddr: "01:23:45:67:89:ab", PSM: 0x1001, CID: 0, BDAddrType: BDADDR_LE_PUBLIC},
		&L2CAPAddr{BDAddr: "01:23:45:67:89:AB", PSM: 0x1001, BDAddrType: BDADDR_LE_PUBLIC}, "l2cap:[01:23:45:67:89:AB]:4097:0:1", true)
	checkAddrType(t, &RFCOMMAddr{BDAddr: BDADDR_ANY, Channel: 5}, &RFCOMMAddr{BDAddr: BDADDR_ANY, Channel: 5},
		"rfcomm:[00:00:00:00:00:00]:5", true)
	checkAddrType(t, &HCIAddr{DeviceID: 1, Channel: HCI_CHANNEL_MONITOR}, &HCIAddr{DeviceID: 1, Channel: HCI_CHANNEL_MONITOR},
		"hci:1:2", true)
	checkAddrType(t, &SCOAddr{BDAddr: BDADDR_LOCAL}, &SCOAddr{BDAddr: BDADDR_LOCAL}, "sco:[00:00:00:FF:FF:FF]", true)
	for _, bad := range []SockAddr{&L2CAPAddr{BDAddr: "01:23:45:67:89"}, &RFCOMMAddr{BDAddr: "01:23:45:67:89:ab:cd"},
		&SCOAddr{BDAddr: "01:23:45:67:89:1ab"}, &SCOAddr{BDAddr: "zz:23:45:67:89:ab"}, &L2CAPAddr{BDAddr: "x\x00"}} {
		wantAddrErr(t, bad, ErrArg)
	}
	// An L2CAP address is not an SCO one, though both have a bdaddr.
	h, _, err := (&L2CAPAddr{BDAddr: BDADDR_ANY, PSM: 1}).sockAddr()
	ok(t, err)
	defer h.Close()
	wantErrCode(t, "As(*SCOAddr) of L2CAP", h.As(&SCOAddr{}), ErrArg)
	wantErrCode(t, "As(*HCIAddr) of L2CAP", h.As(&HCIAddr{}), ErrArg)
}
