package io.stayaway.gateway;
