/**
 * The hash chains: the one link rule ({@link io.stayaway.alerts.evidence.chain.ChainHash}; the database's
 * {@code chain_append} must agree with it, which {@code ChainLinkRuleIT} checks), signed checkpoints of the
 * chains' heads, and the schedule that makes them.
 */
package io.stayaway.alerts.evidence.chain;
