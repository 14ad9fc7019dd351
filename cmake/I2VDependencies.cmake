# Finds every third-party dependency once, and defines the shared torch precompiled header.
# Debian 12 packages, plus LibTorch 2.x from the pinned PyTorch wheel in the project's .venv (I2VTorch.cmake).

find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)

# LibTorch 2.x (skipped by the torch-free parsers-only configuration): see I2VTorch.cmake.
if(NOT I2V_PARSERS_ONLY)
  include(I2VTorch)
endif()

# Unicode tables for the CLIP tokenizer (categories, NFC, case mapping).
find_package(PkgConfig REQUIRED)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)

if(I2V_BUILD_MEDIA)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs)
  pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil)
endif()

if(I2V_BUILD_GUI OR I2V_BUILD_TESTS)
  set(_qt_components Core Test)
  if(I2V_BUILD_GUI)
    list(APPEND _qt_components Gui Widgets Svg LinguistTools PrintSupport)
  endif()
  find_package(Qt6 6.4 REQUIRED COMPONENTS ${_qt_components})
endif()

if(NOT I2V_PARSERS_ONLY)
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
