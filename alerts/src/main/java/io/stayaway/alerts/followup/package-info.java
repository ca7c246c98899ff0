/**
 * Follow-up supervision (issue #19): the visits and calls a caseworker records with the protected person
 * ({@link io.stayaway.alerts.followup.FollowUpContact}), stored and chained as order evidence by
 * {@link io.stayaway.alerts.followup.FollowUps}, whose {@code list} the renewal review reads.
 */
package io.stayaway.alerts.followup;
