# SPDX-License-Identifier: MIT
# Runs a java command (ARGS is a |-separated list) and fails when the JVM's -Xcheck:jni
# reports anything: it only prints its warnings and lets the tests pass otherwise.
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${JAVA} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
message("${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "java exited with ${rc}")
endif()
foreach(pattern "WARNING in native method" "FATAL ERROR in native method" "JNI call made" "WARNING: JNI local refs")
  string(FIND "${out}${err}" "${pattern}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "-Xcheck:jni reported: ${pattern}")
  endif()
endforeach()
