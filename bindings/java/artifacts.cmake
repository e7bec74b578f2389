# SPDX-License-Identifier: MIT
# The Maven artifacts of org.libsocketx:socketx, built with the JDK's tools (the same files
# `mvn -o package` makes from pom.xml, see docs/bindings/java.md):
#   socketx-<v>.jar                the classes; META-INF carries LICENSE and CHANGELOG.md
#   socketx-<v>-sources.jar        hand-written and SWIG-generated sources
#   socketx-<v>-javadoc.jar        the API reference (javadoc -Xdoclint, warnings are errors)
#   socketx-<v>-<os>-<arch>.jar    the natives: libsocketx_jni.so (RUNPATH $ORIGIN) and
#                                  libsocketx.so.1, extracted and loaded by NativeLoader
#   socketx-<v>.pom
# Included by CMakeLists.txt after the glue and libsocketx.jar targets exist.

# The version is written once for Java, in pom.xml; ctest hygiene:version ties it to CMake's.
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/pom.xml SXJ_POM)
string(REGEX MATCH "<artifactId>socketx</artifactId>[ \t\r\n]*<version>([^<]+)</version>" _ "${SXJ_POM}")
set(SXJ_VERSION ${CMAKE_MATCH_1})
if(NOT SXJ_VERSION)
  message(FATAL_ERROR "bindings/java/pom.xml: no <version> after <artifactId>socketx</artifactId>")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/pom.xml)

# Java's names (os.name linux, os.arch amd64 -> x86_64), as NativeLoader.platform() computes them.
string(TOLOWER "${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}" SXJ_PLATFORM)
string(REPLACE "amd64" "x86_64" SXJ_PLATFORM "${SXJ_PLATFORM}")

set(SXJ_ART ${CMAKE_CURRENT_BINARY_DIR}/artifacts)
set(SXJ_ART_BASE ${SXJ_ART}/socketx-${SXJ_VERSION})
set(SXJ_ART_JAR ${SXJ_ART_BASE}.jar)
set(SXJ_ART_SOURCES ${SXJ_ART_BASE}-sources.jar)
set(SXJ_ART_JAVADOC ${SXJ_ART_BASE}-javadoc.jar)
set(SXJ_ART_NATIVE ${SXJ_ART_BASE}-${SXJ_PLATFORM}.jar)
set(SXJ_ART_POM ${SXJ_ART_BASE}.pom)
set(SXJ_STAGE ${CMAKE_CURRENT_BINARY_DIR}/artifacts-stage)
set(SXJ_LEGAL ${SXJ_ROOT}/LICENSE ${SXJ_ROOT}/CHANGELOG.md)

# The native jar's glue: same objects as socketx_jni, but its only RUNPATH is $ORIGIN, so
# it finds the libsocketx.so.1 extracted beside it and no path of this build tree.
add_library(socketx_jni_bundled SHARED $<TARGET_OBJECTS:socketx_jni_objects>)
target_link_libraries(socketx_jni_bundled PRIVATE socketx)
set_target_properties(socketx_jni_bundled PROPERTIES
  OUTPUT_NAME socketx_jni
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bundled
  BUILD_WITH_INSTALL_RPATH ON
  INSTALL_RPATH "$ORIGIN")
target_link_options(socketx_jni_bundled PRIVATE -Wl,--enable-new-dtags)

file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/artifacts-manifest.mf
  "Automatic-Module-Name: org.libsocketx\n"
  "Implementation-Title: libsocketx for Java\n"
  "Implementation-Version: ${SXJ_VERSION}\n"
  "Implementation-Vendor-Id: org.libsocketx\n")

set(SXJ_NATIVE_DIR ${SXJ_STAGE}/native/org/libsocketx/native/${SXJ_PLATFORM})
add_custom_command(
  OUTPUT ${SXJ_ART_JAR} ${SXJ_ART_SOURCES} ${SXJ_ART_JAVADOC} ${SXJ_ART_NATIVE} ${SXJ_ART_POM}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${SXJ_STAGE} ${SXJ_ART}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${SXJ_STAGE}/legal/META-INF ${SXJ_NATIVE_DIR}
          ${SXJ_STAGE}/sources ${SXJ_ART}
  # LICENSE and CHANGELOG.md go into each jar's META-INF; staged inside the native tree too,
  # for pom.xml's native jar.
  COMMAND ${CMAKE_COMMAND} -E copy ${SXJ_LEGAL} ${SXJ_STAGE}/legal/META-INF
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${SXJ_STAGE}/legal ${SXJ_STAGE}/native
  # The classes: those of libsocketx.jar (compiled once, by socketx_java).
  COMMAND ${Java_JAR_EXECUTABLE} cfm ${SXJ_ART_JAR} ${CMAKE_CURRENT_BINARY_DIR}/artifacts-manifest.mf
          -C ${CMAKE_CURRENT_BINARY_DIR}/classes . -C ${SXJ_STAGE}/legal META-INF
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_CURRENT_SOURCE_DIR}/src/main/java ${SXJ_STAGE}/sources
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${SXJ_GEN}/java ${SXJ_STAGE}/sources
  COMMAND ${Java_JAR_EXECUTABLE} cf ${SXJ_ART_SOURCES} -C ${SXJ_STAGE}/sources . -C ${SXJ_STAGE}/legal META-INF
  # org.libsocketx.internal (SWIG's raw classes and the loader) is not API: not documented.
  COMMAND ${Java_JAVADOC_EXECUTABLE} -quiet -Xdoclint:all -Werror -encoding UTF-8
          --release 17 -doctitle "libsocketx ${SXJ_VERSION} for Java"
          -windowtitle "libsocketx ${SXJ_VERSION}" -d ${SXJ_STAGE}/javadoc
          -sourcepath ${SXJ_STAGE}/sources -subpackages org.libsocketx -exclude org.libsocketx.internal
  COMMAND ${Java_JAR_EXECUTABLE} cf ${SXJ_ART_JAVADOC} -C ${SXJ_STAGE}/javadoc . -C ${SXJ_STAGE}/legal META-INF
  COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:socketx_jni_bundled> ${SXJ_NATIVE_DIR}/libsocketx_jni.so
  COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:socketx> ${SXJ_NATIVE_DIR}/$<TARGET_SONAME_FILE_NAME:socketx>
  COMMAND ${Java_JAR_EXECUTABLE} cf ${SXJ_ART_NATIVE} -C ${SXJ_STAGE}/native .
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_CURRENT_SOURCE_DIR}/pom.xml ${SXJ_ART_POM}
  DEPENDS ${SXJ_JAR} ${SXJ_MAIN_SRC} ${SXJ_GEN_JAVA} ${SXJ_LEGAL} ${CMAKE_CURRENT_SOURCE_DIR}/pom.xml
          socketx socketx_jni_bundled ${CMAKE_CURRENT_BINARY_DIR}/artifacts-manifest.mf
  COMMENT "jar, javadoc: org.libsocketx:socketx:${SXJ_VERSION} artifacts"
  VERBATIM)
add_custom_target(socketx_java_artifacts ALL DEPENDS ${SXJ_ART_JAR})
# The classes directory is socketx_java's: build it first, and only there.
add_dependencies(socketx_java_artifacts socketx_java)


find_program(SXJ_READELF readelf)
find_program(SXJ_UNZIP unzip)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND SXJ_READELF AND SXJ_UNZIP)
  add_test(NAME java:artifacts
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tests/check-artifacts.sh
            ${SXJ_ART} ${SXJ_VERSION} ${SXJ_PLATFORM} ${Java_JAVAC_EXECUTABLE} ${Java_JAVA_EXECUTABLE}
            ${SXJ_ROOT} ${PROJECT_BINARY_DIR})
  set_tests_properties(java:artifacts PROPERTIES TIMEOUT 120 LABELS java)

  # The same artifacts from pom.xml with Maven, offline, from Debian's packaged plugins.
  find_program(SXJ_MVN mvn)
  if(SXJ_MVN AND EXISTS /usr/share/maven-repo/org/apache/maven/plugins/maven-jar-plugin/3.3.0)
    add_test(NAME java:maven
      COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tests/check-maven.sh ${SXJ_MVN} ${CMAKE_CURRENT_BINARY_DIR}
              ${SXJ_VERSION} ${SXJ_PLATFORM} ${Java_JAVAC_EXECUTABLE} ${Java_JAVA_EXECUTABLE}
              ${SXJ_ROOT} ${PROJECT_BINARY_DIR})
    set_tests_properties(java:maven PROPERTIES TIMEOUT 240 LABELS "java;package")
  endif()
endif()

if(TARGET socketx_java_tests)
  # NativeLoader's class-path route with the native jar as Maven delivers it.
  add_test(NAME java:loader-jar
    COMMAND ${Java_JAVA_EXECUTABLE} -Xcheck:jni -cp ${SXJ_JAR}:${SXJ_ART_NATIVE}:${SXJ_TEST_JAR}
            org.libsocketx.LoaderCheck)
  set_tests_properties(java:loader-jar PROPERTIES TIMEOUT 60 LABELS java
    PASS_REGULAR_EXPRESSION "loaded from jar" FAIL_REGULAR_EXPRESSION "WARNING in native method")
endif()

