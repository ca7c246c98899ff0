/**
 * The simulator's command line: scenario, replay, load, expect and list. It speaks only the MQTT
 * wire contract and the gateway's HTTP API, like a real device or client would.
 */
package io.stayaway.simulator;
