# Finds every third-party dependency once, and defines the shared torch precompiled header.
# Debian 12 packages, plus LibTorch 2.x from the pinned PyTorch wheel in the project's .venv (I2VTorch.cmake).

find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)

# LibTorch 2.x (skipped by the torch-free parsers-only and fuzz configurations): see I2VTorch.cmake.
if(NOT I2V_PARSERS_ONLY AND NOT I2V_FUZZ)
  include(I2VTorch)
endif()

# Unicode tables for the CLIP tokenizer (categories, NFC, case mapping). Through pkg-config where it is
# installed; else found directly (the GPU check machine has no pkg-config, scripts/gpu-check.sh).
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(UTF8PROC IMPORTED_TARGET libutf8proc)
endif()
if(NOT TARGET PkgConfig::UTF8PROC)
  find_path(UTF8PROC_INCLUDE_DIR utf8proc.h REQUIRED)
  find_library(UTF8PROC_LIBRARY NAMES utf8proc libutf8proc.so.2 REQUIRED)
  add_library(PkgConfig::UTF8PROC INTERFACE IMPORTED)
  target_include_directories(PkgConfig::UTF8PROC INTERFACE ${UTF8PROC_INCLUDE_DIR})
  target_link_libraries(PkgConfig::UTF8PROC INTERFACE ${UTF8PROC_LIBRARY})
endif()

# SentencePiece (Debian libsentencepiece-dev) for the T5/UMT5 tokenizer of the Wan family; found directly
# where there is no pkg-config, like utf8proc.
if(PKG_CONFIG_FOUND)
  pkg_check_modules(SENTENCEPIECE IMPORTED_TARGET sentencepiece)
endif()
if(NOT TARGET PkgConfig::SENTENCEPIECE)
  find_path(SENTENCEPIECE_INCLUDE_DIR sentencepiece_processor.h REQUIRED)
  find_library(SENTENCEPIECE_LIBRARY NAMES sentencepiece libsentencepiece.so.0 REQUIRED)
  add_library(PkgConfig::SENTENCEPIECE INTERFACE IMPORTED)
  target_include_directories(PkgConfig::SENTENCEPIECE INTERFACE ${SENTENCEPIECE_INCLUDE_DIR})
  target_link_libraries(PkgConfig::SENTENCEPIECE INTERFACE ${SENTENCEPIECE_LIBRARY})
endif()

if(I2V_BUILD_MEDIA)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs)
  pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil)
  # libjpeg checks JPEG entropy data (OpenCV ignores its warnings); libwebpdemux reads animated WebP.
  pkg_check_modules(IMAGELIBS REQUIRED IMPORTED_TARGET libjpeg libwebpdemux libwebp)
endif()

if(I2V_BUILD_GUI OR I2V_BUILD_TESTS)
  set(_qt_components Core Test)
  if(I2V_BUILD_GUI)
    list(APPEND _qt_components Gui Widgets Svg LinguistTools PrintSupport)
  endif()
  if(I2V_BUILD_TESTS)
    list(APPEND _qt_components Network) # the fake Hub server of tests/hub
  endif()
  find_package(Qt6 6.4 REQUIRED COMPONENTS ${_qt_components})
endif()

if(NOT I2V_PARSERS_ONLY AND NOT I2V_FUZZ)
  # One precompiled header for every torch user (engine, bench, model tests): torch/torch.h alone costs
  # ~25 s per translation unit on 2 cores without it.
  add_library(i2v_torch_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/torch_pch.cpp)
  target_link_libraries(i2v_torch_pch PUBLIC i2v::torch)
  target_precompile_headers(i2v_torch_pch PUBLIC <torch/torch.h>)

  # i2v_use_torch_pch(target): link torch and reuse the shared precompiled header.
  function(i2v_use_torch_pch target)
    target_link_libraries(${target} PRIVATE i2v::torch)
    target_precompile_headers(${target} REUSE_FROM i2v_torch_pch)
  endfunction()
endif()
