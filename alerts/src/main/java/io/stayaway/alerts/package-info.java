package io.stayaway.alerts;
