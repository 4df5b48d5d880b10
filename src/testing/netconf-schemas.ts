// src/testing/netconf-schemas.ts — the YANG modules the fake NETCONF device serves by default (toaster, an abridged ietf-system) and its default configuration.
import type { FakeYangModule } from './netconf-capabilities.js'

/** The toaster namespace (yuma123's toaster.yang), of make-toast and toastDone. */
export const TOASTER_NS = 'http://netconfcentral.org/ns/toaster'
/** The ietf-system namespace (RFC 7317). */
export const SYSTEM_NS = 'urn:ietf:params:xml:ns:yang:ietf-system'

/**
 * yuma123's toaster module, abridged to what the fake implements.
 * @example device.schemas.get('toaster')?.revision // '2009-11-20'
 */
export const TOASTER_MODULE: FakeYangModule = {
  identifier: 'toaster',
  namespace: TOASTER_NS,
  revision: '2009-11-20',
  text: `module toaster {
  namespace "${TOASTER_NS}";
  prefix toast;
  organization "Netconf Central";
  description "YANG version of the TOASTER-MIB.";
  revision 2009-11-20 { description "Toaster module in progress."; }

  identity toast-type { description "Base for all bread types supported by the toaster."; }
  identity white-bread { base toast:toast-type; }
  identity wheat-bread { base toast:toast-type; }

  container toaster {
    presence "Indicates the toaster service is available";
    leaf toasterManufacturer { type string; config false; mandatory true; }
    leaf toasterModelNumber { type string; config false; mandatory true; }
    leaf toasterStatus { type enumeration { enum up; enum down; } config false; mandatory true; }
  }

  rpc make-toast {
    input {
      leaf toasterDoneness { type uint32 { range "1 .. 10"; } default 5; }
      leaf toasterToastType { type identityref { base toast:toast-type; } default toast:wheat-bread; }
    }
  }
  rpc cancel-toast { description "Stop making toast, if any is being made."; }

  notification toastDone {
    leaf toastStatus { type enumeration { enum done; enum cancelled; enum error; } }
  }
}
`,
}

/**
 * RFC 7317's ietf-system, abridged to hostname, contact, location and users.
 * @example device.schemas.get('ietf-system')?.namespace // 'urn:ietf:params:xml:ns:yang:ietf-system'
 */
export const SYSTEM_MODULE: FakeYangModule = {
  identifier: 'ietf-system',
  namespace: SYSTEM_NS,
  revision: '2014-08-06',
  text: `module ietf-system {
  namespace "${SYSTEM_NS}";
  prefix sys;
  organization "IETF NETMOD (NETCONF Data Modeling Language) Working Group";
  description "This module contains a collection of YANG definitions for the configuration and identification of some common system properties (abridged).";
  revision 2014-08-06 { reference "RFC 7317: A YANG Data Model for System Management"; }

  container system {
    leaf contact { type string; }
    leaf hostname { type string; }
    leaf location { type string; }
    container authentication {
      list user {
        key name;
        leaf name { type string; }
        leaf password { type string; }
      }
    }
  }
}
`,
}

/**
 * The running configuration a device starts with when `running` is not given: a hostname and an
 * enabled toaster (make-toast needs `/toaster` to exist, as on netconfd).
 * @example startFakeNetconfDevice({ running: DEFAULT_RUNNING.replace('fake-device', 'r1') })
 */
export const DEFAULT_RUNNING = `<system xmlns="${SYSTEM_NS}"><hostname>fake-device</hostname></system><toaster xmlns="${TOASTER_NS}"/>`
